-- Issue 18: secret env names, env files, success exit codes, a stop command, replicas.
ALTER TABLE actions ADD COLUMN secret_env TEXT NOT NULL DEFAULT '[]';
ALTER TABLE actions ADD COLUMN env_files TEXT NOT NULL DEFAULT '[]';
ALTER TABLE actions ADD COLUMN success_exit_codes TEXT NOT NULL DEFAULT '[0]';
ALTER TABLE actions ADD COLUMN stop_command TEXT;
ALTER TABLE actions ADD COLUMN replicas INTEGER NOT NULL DEFAULT 1;
