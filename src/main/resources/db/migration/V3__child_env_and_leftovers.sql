-- hero-proc's own variables (HERO_PROC_*) an action's jobs may see; every other one is withheld.
ALTER TABLE actions ADD COLUMN pass_env TEXT NOT NULL DEFAULT '[]';
-- What happens to a job's remaining processes when its leader exits: 'stop' them, or 'keep' them.
ALTER TABLE actions ADD COLUMN stop_leftovers TEXT NOT NULL DEFAULT 'stop';
