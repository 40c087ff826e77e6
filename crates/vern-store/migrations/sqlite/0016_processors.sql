-- Processor agreements (GDPR Art. 28) and the record of processing (Art. 30), issue 19 §3-§4.

-- One data processing agreement of a controller with a processor: who the processor is, its
-- sub-processors, the purposes and data categories it covers (JSON lists), its dates (ISO
-- dates), the transfer mechanism for a third country (Chapter V), and the signed document kept
-- here (size-limited) or a link to it. The register names companies, not data subjects.
CREATE TABLE processors (
    id TEXT PRIMARY KEY,
    controller BIGINT NOT NULL REFERENCES controllers(id),
    name TEXT NOT NULL,
    contact TEXT NOT NULL,
    sub_processors TEXT NOT NULL,
    purposes TEXT NOT NULL,
    data_categories TEXT NOT NULL,
    signed_on TEXT NOT NULL,
    expires_on TEXT,
    review_on TEXT,
    transfer_mechanism TEXT NOT NULL,
    transfer_country TEXT,
    scc_version TEXT,
    document_url TEXT,
    document_name TEXT,
    document_type TEXT,
    document BLOB,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX processors_by_controller ON processors (controller, name);

-- A purpose names its recipients from the register: the ids of the processors (JSON list).
-- The free-text recipients stay beside them.
ALTER TABLE purposes ADD COLUMN processors TEXT NOT NULL DEFAULT '[]';

-- An Art. 19 recipient may be the processor it belongs to.
ALTER TABLE webhooks ADD COLUMN processor TEXT;

-- What the Art. 30 record says beyond the configuration: the description of the security
-- measures (Art. 30(1)(g)), and, for a controller that processes for clients (a call centre),
-- the client controllers it acts for (Art. 30(2)), as JSON.
CREATE TABLE record_settings (
    controller BIGINT PRIMARY KEY REFERENCES controllers(id),
    security_measures TEXT,
    clients TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
