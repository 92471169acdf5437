-- The partner catalog, streamed to Kafka by the catalog-source Debezium connector.
-- Every primary key starts with hotel_id, so every change event (deletes included) carries the
-- routing key the Streams topology partitions by. REPLICA IDENTITY FULL makes updates and deletes
-- carry the whole old row, not only the key.

CREATE TABLE hotels (
    hotel_id    text        NOT NULL,
    name        text        NOT NULL,
    city        text        NOT NULL,
    currency    char(3)     NOT NULL DEFAULT 'THB',
    time_zone   text        NOT NULL DEFAULT 'Asia/Bangkok',
    status      text        NOT NULL DEFAULT 'APPROVED',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT hotels_pk PRIMARY KEY (hotel_id),
    CONSTRAINT hotels_status_ck CHECK (status IN ('PENDING', 'APPROVED', 'SUSPENDED'))
);
ALTER TABLE hotels REPLICA IDENTITY FULL;

CREATE TABLE room_types (
    hotel_id              text    NOT NULL,
    room_type_id          text    NOT NULL,
    code                  text    NOT NULL,
    name                  text    NOT NULL,
    capacity              integer NOT NULL,
    total_rooms           integer NOT NULL,
    base_price_minor      bigint  NOT NULL,
    overbooking_allowance integer NOT NULL DEFAULT 0,
    active                boolean NOT NULL DEFAULT true,
    CONSTRAINT room_types_pk PRIMARY KEY (hotel_id, room_type_id),
    CONSTRAINT room_types_hotel_fk FOREIGN KEY (hotel_id) REFERENCES hotels (hotel_id),
    CONSTRAINT room_types_capacity_ck CHECK (capacity > 0),
    CONSTRAINT room_types_total_rooms_ck CHECK (total_rooms >= 0),
    CONSTRAINT room_types_base_price_ck CHECK (base_price_minor >= 0),
    CONSTRAINT room_types_overbooking_ck CHECK (overbooking_allowance >= 0)
);
ALTER TABLE room_types REPLICA IDENTITY FULL;

CREATE TABLE room_nights (
    hotel_id            text    NOT NULL,
    room_type_id        text    NOT NULL,
    night               date    NOT NULL,
    allotment           integer NOT NULL,
    price_minor         bigint  NOT NULL,
    stop_sell           boolean NOT NULL DEFAULT false,
    min_los             integer NULL,
    max_los             integer NULL,
    closed_to_arrival   boolean NOT NULL DEFAULT false,
    closed_to_departure boolean NOT NULL DEFAULT false,
    CONSTRAINT room_nights_pk PRIMARY KEY (hotel_id, room_type_id, night),
    CONSTRAINT room_nights_room_type_fk FOREIGN KEY (hotel_id, room_type_id)
        REFERENCES room_types (hotel_id, room_type_id),
    CONSTRAINT room_nights_allotment_ck CHECK (allotment >= 0),
    CONSTRAINT room_nights_price_ck CHECK (price_minor >= 0),
    CONSTRAINT room_nights_min_los_ck CHECK (min_los IS NULL OR min_los >= 1),
    CONSTRAINT room_nights_max_los_ck CHECK (max_los IS NULL OR max_los >= 1),
    CONSTRAINT room_nights_los_range_ck CHECK (min_los IS NULL OR max_los IS NULL OR min_los <= max_los)
);
ALTER TABLE room_nights REPLICA IDENTITY FULL;
