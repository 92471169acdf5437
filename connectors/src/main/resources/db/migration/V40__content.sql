-- Hotel and room type content: what a guest reads to choose (description, stars, place, amenities,
-- photos, times, cancellation terms). Columns of the streamed tables, so Debezium carries them to the
-- topology with the rest of the row. Numbered above every earlier migration, so a database already
-- migrated takes it in order.
-- Amenities are text[] (a Connect array of strings); photos are jsonb ([{"url": ..., "caption": ...}],
-- a JSON string on the wire). Rows written before this migration arrive without these columns and read
-- as having no content; a row that has them but with a NOT NULL column empty fails decoding.

ALTER TABLE hotels
    ADD COLUMN description         text             NULL,
    ADD COLUMN star_rating         smallint         NULL,
    ADD COLUMN address             text             NULL,
    ADD COLUMN latitude            double precision NULL,
    ADD COLUMN longitude           double precision NULL,
    ADD COLUMN amenities           text[]           NOT NULL DEFAULT '{}',
    ADD COLUMN photos              jsonb            NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN check_in_time       text             NULL,
    ADD COLUMN check_out_time      text             NULL,
    ADD COLUMN cancellation_policy text             NULL,
    ADD COLUMN free_cancellation   boolean          NOT NULL DEFAULT false,
    ADD CONSTRAINT hotels_star_rating_ck CHECK (star_rating IS NULL OR star_rating BETWEEN 1 AND 5),
    ADD CONSTRAINT hotels_latitude_ck CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
    ADD CONSTRAINT hotels_longitude_ck CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
    ADD CONSTRAINT hotels_coordinates_ck CHECK ((latitude IS NULL) = (longitude IS NULL)),
    ADD CONSTRAINT hotels_check_in_ck CHECK (check_in_time IS NULL OR check_in_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    ADD CONSTRAINT hotels_check_out_ck CHECK (check_out_time IS NULL OR check_out_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    ADD CONSTRAINT hotels_photos_ck CHECK (jsonb_typeof(photos) = 'array');

ALTER TABLE room_types
    ADD COLUMN description text    NULL,
    ADD COLUMN bed_type    text    NULL,
    ADD COLUMN size_m2     integer NULL,
    ADD COLUMN amenities   text[]  NOT NULL DEFAULT '{}',
    ADD COLUMN photos      jsonb   NOT NULL DEFAULT '[]'::jsonb,
    ADD CONSTRAINT room_types_size_ck CHECK (size_m2 IS NULL OR size_m2 > 0),
    ADD CONSTRAINT room_types_photos_ck CHECK (jsonb_typeof(photos) = 'array');
