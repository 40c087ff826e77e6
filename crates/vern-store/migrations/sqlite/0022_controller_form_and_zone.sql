-- A controller's public request form can be switched off (1 = open at /request/{controller}),
-- and its calendar's time zone set apart from its country's (NULL: the country's zone).
ALTER TABLE controllers ADD COLUMN public_form BIGINT NOT NULL DEFAULT 1;
ALTER TABLE controllers ADD COLUMN time_zone TEXT;
