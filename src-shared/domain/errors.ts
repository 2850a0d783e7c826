/**
 * A domain rule was broken by the input. Carries the field it belongs to and the rule it
 * breaks, so a form can show it beside the field; the message is Chinese first.
 */
export class DomainRuleError extends Error {
  readonly code = 'DOMAIN_RULE';
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainRuleError';
  }
}
