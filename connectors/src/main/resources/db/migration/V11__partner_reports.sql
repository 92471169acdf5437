-- The partner's backoffice numbers over the analytics schema: occupancy, ADR, RevPAR and booking pace per
-- hotel and room type. The definitions (what counts as sold, the previous period of pace) are in
-- docs/partner-reports.md.

-- Sold: confirmed, checked in, checked out, and no-show (the room was kept and its revenue too). Cancelled is not.
CREATE FUNCTION analytics.counts_as_sold(status text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT status IN ('CONFIRMED', 'CHECKED_IN', 'CHECKED_OUT', 'NO_SHOW') $$;

-- numerator / denominator rounded half up to places, or NULL when nothing is to be divided by.
CREATE FUNCTION analytics.ratio(numerator numeric, denominator numeric, places integer) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN denominator > 0 THEN round(numerator / denominator, places) END $$;

-- Every booked room night with the dates (UTC) between which it was on the books: from the booking date to
-- the cancellation date for a cancelled booking, with no end otherwise.
CREATE VIEW analytics.booked_room_nights AS
SELECT b.hotel_id, b.room_type_id, b.booking_id, n.night, b.quantity,
       n."priceMinor" * b.quantity                                                      AS revenue_minor,
       b.currency, b.status,
       (b.booked_at AT TIME ZONE 'UTC')::date                                          AS booking_date,
       CASE WHEN b.status = 'CANCELLED' THEN (b.updated_at AT TIME ZONE 'UTC')::date END AS cancellation_date
FROM analytics.bookings b
CROSS JOIN LATERAL jsonb_to_recordset(b.nights) AS n(night date, "priceMinor" bigint);

-- Sold room nights and room revenue per hotel, room type and night.
CREATE VIEW analytics.sold_nights AS
SELECT hotel_id, room_type_id, night, sum(quantity)::bigint AS room_nights_sold,
       sum(revenue_minor)::bigint AS revenue_minor, min(currency) AS currency
FROM analytics.booking_nights
WHERE analytics.counts_as_sold(status)
GROUP BY hotel_id, room_type_id, night;

-- Per hotel, room type and night: the allotment of the latest availability snapshot (0 when the sink has
-- none) beside what was sold.
CREATE VIEW analytics.night_performance AS
SELECT coalesce(a.hotel_id, s.hotel_id)         AS hotel_id,
       coalesce(a.room_type_id, s.room_type_id) AS room_type_id,
       coalesce(a.night, s.night)               AS night,
       coalesce(a.allotment, 0)::bigint         AS allotment,
       coalesce(s.room_nights_sold, 0)          AS room_nights_sold,
       coalesce(s.revenue_minor, 0)             AS revenue_minor,
       coalesce(s.currency, a.currency)         AS currency
FROM analytics.availability_nights a
FULL JOIN analytics.sold_nights s
       ON s.hotel_id = a.hotel_id AND s.room_type_id = a.room_type_id AND s.night = a.night;

-- Occupancy, ADR and RevPAR of one hotel's stay nights [p_from, p_to): one row per room type and night, one per
-- room type (night NULL) and one for the hotel (room type and night NULL). Money in minor units.
CREATE FUNCTION analytics.performance(p_hotel_id text, p_from date, p_to date)
    RETURNS TABLE (room_type_id text, night date, allotment bigint, room_nights_sold bigint, revenue_minor bigint,
                   currency text, occupancy numeric, adr_minor numeric, revpar_minor numeric)
    LANGUAGE sql STABLE
    AS $$
SELECT p.room_type_id, p.night,
       coalesce(sum(p.allotment), 0)::bigint,
       coalesce(sum(p.room_nights_sold), 0)::bigint,
       coalesce(sum(p.revenue_minor), 0)::bigint,
       min(p.currency),
       analytics.ratio(sum(p.room_nights_sold), sum(p.allotment), 4),
       analytics.ratio(sum(p.revenue_minor), sum(p.room_nights_sold), 2),
       analytics.ratio(sum(p.revenue_minor), sum(p.allotment), 2)
FROM analytics.night_performance p
WHERE p.hotel_id = p_hotel_id AND p.night >= p_from AND p.night < p_to
GROUP BY GROUPING SETS ((p.room_type_id, p.night), (p.room_type_id), ())
ORDER BY p.room_type_id NULLS LAST, p.night NULLS LAST
$$;

-- Booking pace of one hotel's stay nights [p_from, p_to) against the previous period of the same length,
-- [p_from - L, p_from) with L = p_to - p_from: for k = p_days .. 0 days before the first night of each period,
-- the room nights of the period on the books at the end of that booking date (UTC). A figure for a booking date
-- after p_as_of is NULL: it is not known yet. One row per room type and k, one for the hotel (room type NULL).
CREATE FUNCTION analytics.booking_pace(p_hotel_id text, p_from date, p_to date, p_days integer, p_as_of date)
    RETURNS TABLE (room_type_id text, days_before integer, booking_date date, room_nights bigint,
                   previous_booking_date date, previous_room_nights bigint)
    LANGUAGE sql STABLE
    AS $$
WITH nights AS MATERIALIZED (
         SELECT r.room_type_id, r.night, r.quantity, r.booking_date, r.cancellation_date
         FROM analytics.booked_room_nights r
         WHERE r.hotel_id = p_hotel_id AND r.night >= p_from - (p_to - p_from) AND r.night < p_to),
     grid AS (
         SELECT t.room_type_id, k, p_from - k AS on_date, p_from - (p_to - p_from) - k AS previous_on_date
         FROM (SELECT DISTINCT n.room_type_id FROM nights n) t
         CROSS JOIN generate_series(0, p_days) AS k)
SELECT g.room_type_id, g.k, min(g.on_date),
       CASE WHEN min(g.on_date) <= p_as_of THEN coalesce(sum(n.quantity) FILTER (
           WHERE n.night >= p_from AND n.booking_date <= g.on_date
             AND (n.cancellation_date IS NULL OR n.cancellation_date > g.on_date)), 0)::bigint END,
       min(g.previous_on_date),
       CASE WHEN min(g.previous_on_date) <= p_as_of THEN coalesce(sum(n.quantity) FILTER (
           WHERE n.night < p_from AND n.booking_date <= g.previous_on_date
             AND (n.cancellation_date IS NULL OR n.cancellation_date > g.previous_on_date)), 0)::bigint END
FROM grid g
LEFT JOIN nights n ON n.room_type_id = g.room_type_id
GROUP BY GROUPING SETS ((g.room_type_id, g.k), (g.k))
ORDER BY g.room_type_id NULLS LAST, g.k DESC
$$;
