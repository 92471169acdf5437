-- Partners own hotels, admins approve them, and every partner or admin change is audited.

-- The partner that owns a hotel: partner API calls only reach the hotels whose partner_id is the
-- caller. NULL means no partner owns it (rows written by operators or tools); only admins reach those.
ALTER TABLE hotels ADD COLUMN partner_id text NULL;
CREATE INDEX hotels_partner_idx ON hotels (partner_id, hotel_id);

-- A hotel starts PENDING until an admin approves it; only APPROVED hotels are listed and bookable.
ALTER TABLE hotels ALTER COLUMN status SET DEFAULT 'PENDING';
CREATE INDEX hotels_status_idx ON hotels (status, created_at);

-- One row per partner or admin change, written in the same transaction as the change itself.
-- Not part of the Debezium publication (table.include.list names the three catalog tables only).
CREATE TABLE audit_log (
    audit_id    bigint      GENERATED ALWAYS AS IDENTITY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_role  text        NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    hotel_id    text        NULL,
    target      text        NULL,
    summary     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    request_id  text        NULL,
    CONSTRAINT audit_log_pk PRIMARY KEY (audit_id),
    CONSTRAINT audit_log_role_ck CHECK (actor_role IN ('PARTNER', 'ADMIN'))
);
CREATE INDEX audit_log_hotel_idx ON audit_log (hotel_id, audit_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, audit_id);
-- Changes made through Kafka commands (front-desk transitions) are audited once per request id, however
-- often the request is repeated.
CREATE UNIQUE INDEX audit_log_request_uk ON audit_log (request_id) WHERE request_id IS NOT NULL;

-- The audit trail is append-only: an UPDATE or DELETE of an entry fails.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only (% of audit_id %)', TG_OP, OLD.audit_id;
END;
$$;
CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
