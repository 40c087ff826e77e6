-- The API key of the authorized agent that filed an objection: only that agent may withdraw
-- it on the person's behalf (with its mandate reference).
ALTER TABLE objections ADD COLUMN agent_key TEXT;
