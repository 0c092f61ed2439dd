-- hero-proc's own variables (HERO_PROC_*) an action's jobs may see; every other one is withheld.
ALTER TABLE actions ADD COLUMN pass_env TEXT NOT NULL DEFAULT '[]';
