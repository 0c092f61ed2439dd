-- A service started on a schedule: a five-field cron expression or an interval (never both),
-- and what a fire does while a run is still going ('skip', 'queue' or 'replace').
ALTER TABLE services ADD COLUMN schedule_cron TEXT;
ALTER TABLE services ADD COLUMN schedule_every_ms INTEGER;
ALTER TABLE services ADD COLUMN schedule_overlap TEXT;
