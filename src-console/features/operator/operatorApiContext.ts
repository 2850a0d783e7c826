/** The operator pages' API client (made from the admin token the operator signed in with), for every tab. */
import { createContext, useContext } from 'react';
import type { OperatorApi } from '../../api/operator';

export const OperatorApiContext = createContext<OperatorApi | null>(null);

export function useOperatorApi(): OperatorApi {
  const api = useContext(OperatorApiContext);
  if (!api) throw new Error('useOperatorApi outside the operator area');
  return api;
}
