-- The notifier's schema (infra/notifier, docs/notifications.md): the outbox of guest emails, one row per
-- event id and kind, and the offsets its consumer has written into the outbox. Both are written in one
-- transaction, so each event reaches the outbox exactly once.
CREATE SCHEMA IF NOT EXISTS notifier;

CREATE TABLE notifier.outbox (
    event_id     text        NOT NULL,
    kind         text        NOT NULL,
    hotel_id     text        NOT NULL,
    hold_id      text        NULL,      -- the hold a reminder is about, or a booking came from
    reference    text        NOT NULL,  -- the booking id, or the hold id of a reminder
    recipient    text        NOT NULL,  -- personal data: the guest's address
    subject      text        NOT NULL,
    body_text    text        NOT NULL,
    body_html    text        NOT NULL,
    message_id   text        NOT NULL,  -- the Message-ID header, derived from event_id and kind
    created_at   timestamptz NOT NULL DEFAULT now(),
    due_at       timestamptz NOT NULL,  -- a reminder waits until expiresAt - lead; a retry until its backoff ends
    sent_at      timestamptz NULL,
    cancelled_at timestamptz NULL,      -- a reminder whose hold ended first, or a row given up after its retries
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text        NULL,      -- the exception class of the last failed attempt (never the server's reply)
    CONSTRAINT outbox_pk PRIMARY KEY (event_id, kind),
    CONSTRAINT outbox_kind_ck CHECK (kind IN ('BOOKING_CONFIRMED', 'BOOKING_CANCELLED', 'HOLD_EXPIRING'))
);
CREATE INDEX outbox_due ON notifier.outbox (due_at) WHERE sent_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX outbox_hold ON notifier.outbox (hotel_id, hold_id) WHERE kind = 'HOLD_EXPIRING';

CREATE TABLE notifier.consumer_offsets (
    group_id    text        NOT NULL,
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    next_offset bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT consumer_offsets_pk PRIMARY KEY (group_id, topic, partition)
);

-- The role the notifier connects as: its own rows and the catalog's names, nothing more. It logs in once
-- a password is set (ALTER ROLE innflow_notifier PASSWORD ...): the embedded stack sets one at every
-- start; a cluster's operator sets it once.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'innflow_notifier') THEN
        CREATE ROLE innflow_notifier LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA notifier TO innflow_notifier;
GRANT SELECT, INSERT, UPDATE ON notifier.outbox, notifier.consumer_offsets TO innflow_notifier;
GRANT USAGE ON SCHEMA public TO innflow_notifier;
GRANT SELECT ON public.hotels, public.room_types TO innflow_notifier;
