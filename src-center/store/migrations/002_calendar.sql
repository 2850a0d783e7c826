-- Working-day calendar years the province publishes (statutory holidays and make-up
-- working days from the State Council's yearly notice). Windows pull them and refuse to
-- compute deadlines into a year that is in neither this table nor their bundled data.
CREATE TABLE calendar_years (
  year        integer PRIMARY KEY CHECK (year BETWEEN 1949 AND 2200),
  holidays    jsonb NOT NULL,
  workdays    jsonb NOT NULL,
  source      text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
