-- The analytics schema: what the JDBC sinks write (connectors/analytics-*-sink.json) and the views data teams
-- and the partner reports query. See docs/analytics.md.
CREATE SCHEMA IF NOT EXISTS analytics;

-- The union member an event carries: its payload is {"<EventType>": {...}} (Avro's JSON form of a union).
CREATE FUNCTION analytics.event_type(payload jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT min(k) FROM jsonb_object_keys(payload) AS k $$;

-- Every event of reservation-events, once: the sink upserts on event_id, so a replay rewrites identical rows.
CREATE TABLE analytics.reservation_events (
    event_id    text      PRIMARY KEY,
    hotel_id    text      NOT NULL,
    occurred_at timestamp NOT NULL, -- UTC
    payload     jsonb     NOT NULL,
    event_type  text      GENERATED ALWAYS AS (analytics.event_type(payload)) STORED
);
CREATE INDEX reservation_events_hotel_time ON analytics.reservation_events (hotel_id, occurred_at);
CREATE INDEX reservation_events_type ON analytics.reservation_events (event_type);

-- The latest availability-updates record of every night: upserted by its key.
CREATE TABLE analytics.availability_nights (
    hotel_id              text      NOT NULL,
    room_type_id          text      NOT NULL,
    night                 date      NOT NULL,
    allotment             integer   NOT NULL,
    overbooking_allowance integer   NOT NULL,
    held                  integer   NOT NULL,
    sold                  integer   NOT NULL,
    available             integer   NOT NULL,
    price_minor           bigint    NOT NULL,
    currency              text      NOT NULL,
    stop_sell             boolean   NOT NULL,
    updated_at            timestamp NOT NULL, -- UTC
    PRIMARY KEY (hotel_id, room_type_id, night)
);

-- Later states win when two events of one booking or hold carry the same updatedAt.
CREATE FUNCTION analytics.status_rank(status text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT CASE status WHEN 'ACTIVE' THEN 0 WHEN 'CONFIRMED' THEN 1 WHEN 'CHECKED_IN' THEN 2 ELSE 3 END $$;

-- One row per booking in its latest state.
CREATE VIEW analytics.bookings AS
SELECT DISTINCT ON (b.booking ->> 'hotelId', b.booking ->> 'bookingId')
       b.booking ->> 'bookingId'                        AS booking_id,
       b.booking ->> 'hotelId'                          AS hotel_id,
       b.booking ->> 'roomTypeId'                       AS room_type_id,
       (b.booking ->> 'checkIn')::date                  AS check_in,
       (b.booking ->> 'checkOut')::date                 AS check_out,
       (b.booking ->> 'quantity')::integer              AS quantity,
       ((b.booking ->> 'checkOut')::date - (b.booking ->> 'checkIn')::date)
           * (b.booking ->> 'quantity')::integer        AS room_nights,
       (b.booking ->> 'totalMinor')::bigint             AS total_minor,
       b.booking ->> 'currency'                         AS currency,
       b.booking ->> 'status'                           AS status,
       b.booking ->> 'holdId'                           AS hold_id,
       b.booking ->> 'principal'                        AS principal,
       b.booking ->> 'paymentReference'                 AS payment_reference,
       (b.booking ->> 'createdAt')::timestamptz         AS booked_at,
       (b.booking ->> 'updatedAt')::timestamptz         AS updated_at,
       b.booking -> 'nights'                            AS nights,
       b.event_id                                       AS last_event_id
FROM (SELECT e.event_id, e.occurred_at, e.payload -> e.event_type -> 'booking' AS booking
      FROM analytics.reservation_events e
      WHERE e.event_type IN ('BookingConfirmed', 'BookingCancelled', 'BookingCheckedIn', 'BookingCheckedOut',
                             'BookingNoShow')) b
ORDER BY b.booking ->> 'hotelId', b.booking ->> 'bookingId', (b.booking ->> 'updatedAt')::timestamptz DESC,
         analytics.status_rank(b.booking ->> 'status') DESC, b.occurred_at DESC;

-- One row per booked night: the price of one room that night as sold, for ADR, RevPAR and pace.
CREATE VIEW analytics.booking_nights AS
SELECT b.hotel_id, b.room_type_id, b.booking_id, n.night, n."priceMinor" AS price_minor, b.quantity,
       n."priceMinor" * b.quantity AS revenue_minor, b.currency, b.status, b.booked_at
FROM analytics.bookings b
CROSS JOIN LATERAL jsonb_to_recordset(b.nights) AS n(night date, "priceMinor" bigint);

-- One row per hold in its latest state; a hold that became a booking is CONFIRMED, with its booking.
CREATE VIEW analytics.holds AS
SELECT h.hold_id, h.hotel_id, h.room_type_id, h.check_in, h.check_out, h.quantity, h.total_minor, h.currency,
       CASE WHEN bk.booking_id IS NOT NULL THEN 'CONFIRMED' ELSE h.status END AS status,
       bk.booking_id, h.principal, h.created_at, h.expires_at, h.updated_at, h.nights, h.last_event_id
FROM (SELECT DISTINCT ON (x.hold ->> 'hotelId', x.hold ->> 'holdId')
             x.hold ->> 'holdId'                                                AS hold_id,
             x.hold ->> 'hotelId'                                               AS hotel_id,
             x.hold ->> 'roomTypeId'                                            AS room_type_id,
             (x.hold ->> 'checkIn')::date                                       AS check_in,
             (x.hold ->> 'checkOut')::date                                      AS check_out,
             (x.hold ->> 'quantity')::integer                                   AS quantity,
             (x.hold ->> 'totalMinor')::bigint                                  AS total_minor,
             x.hold ->> 'currency'                                              AS currency,
             x.hold ->> 'status'                                                AS status,
             x.hold ->> 'principal'                                             AS principal,
             (x.hold ->> 'createdAt')::timestamptz                              AS created_at,
             (x.hold ->> 'expiresAt')::timestamptz                              AS expires_at,
             coalesce((x.hold ->> 'updatedAt')::timestamptz, (x.hold ->> 'createdAt')::timestamptz) AS updated_at,
             x.hold -> 'nights'                                                 AS nights,
             x.event_id                                                         AS last_event_id
      FROM (SELECT e.event_id, e.occurred_at, e.payload -> e.event_type -> 'hold' AS hold
            FROM analytics.reservation_events e
            WHERE e.event_type IN ('HoldPlaced', 'HoldReleased', 'HoldExpired')) x
      ORDER BY x.hold ->> 'hotelId', x.hold ->> 'holdId',
               analytics.status_rank(x.hold ->> 'status') DESC, x.occurred_at DESC) h
LEFT JOIN analytics.bookings bk ON bk.hotel_id = h.hotel_id AND bk.hold_id = h.hold_id;
