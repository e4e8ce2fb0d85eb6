-- tests/e2e/anon.sql — the "clinic" schema behind tests/e2e/test_anonymisers.sh.
--
-- Loaded after fixtures/fixture.sql into the same database, with psql -v ON_ERROR_STOP=1.
-- Deterministic (md5 of the row number, no random(), no now()). Every original value the
-- leak scan looks for is made distinctive on purpose, so that finding it in a scrubbed
-- script means a leak and not a coincidence:
--   - names are letters drawn from md5 (never in pgscrub's built-in name lists);
--   - e-mail addresses are at clinic-mail.test (short ones at c-m.test);
--   - dates are 97 days apart (date_shift moves them by at most 30), timestamps carry
--     microseconds that differ from row to row;
--   - numbers have 6+ significant digits.
-- What the anonymisers must keep working:
--   - appointments.patient_email REFERENCES patients(email): the restore fails unless the
--     same address gets the same fake in both tables; contact_email shares addresses with
--     patients.email (and with the short addresses of email_short) without a constraint;
--   - UNIQUE / PRIMARY KEY / NOT NULL on digits, scramble (char(10)), email, uuid and hash
--     columns: the restore fails if a fake breaks them;
--   - the same address inside jsonb/json documents (nested objects and arrays, keys with
--     upper case, a key with a dash, a \u escape) and inside free text (regex_replace);
--   - phone numbers in a text[] column, in the documents and in free text;
--   - a range-partitioned table whose parent section covers its partitions, and a table
--     with an inheritance child; a table to truncate.

SET client_min_messages = warning;
SET standard_conforming_strings = on;
SET timezone = 'UTC';

CREATE SCHEMA clinic;

-- Letters only, from md5: 'Kbfhgeda'-like words that no name list contains.
CREATE FUNCTION pg_temp.word(seed text, n integer) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT initcap(translate(substr(md5(seed), 1, n), '0123456789', 'ghijklmnop')) $$;

-- The address of patient i (NULL for every 17th): some with upper case letters.
CREATE FUNCTION pg_temp.addr(i integer) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN i % 17 = 0 THEN NULL
                      WHEN i % 10 = 3 THEN 'P' || i || '.' || upper(substr(md5('mail' || i), 1, 6)) || '@Clinic-Mail.test'
                      ELSE 'p' || i || '.' || substr(md5('mail' || i), 1, 6) || '@clinic-mail.test' END $$;

CREATE FUNCTION pg_temp.phone(i integer, k integer) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE k
                      WHEN 1 THEN '+41 79 ' || lpad(((i::bigint * 7919 + 1234567) % 10000000)::text, 7, '0')
                      WHEN 2 THEN '(044) 555-' || lpad(((i::bigint * 104729) % 10000)::text, 4, '0')
                      ELSE '0' || (600000000 + (i::bigint * 15485863) % 99999999)::text END $$;

-- ---- patients: one column per anonymiser (200 rows) --------------------------------------

CREATE TABLE clinic.patients (
    id integer PRIMARY KEY,
    email text UNIQUE,                  -- email
    alt_email character(40),            -- email: same addresses as email, padded
    email_short character varying(20),  -- email into varchar(20)
    first_name text NOT NULL,           -- first_name
    last_name character varying(12),    -- last_name under a limit
    full_name text,                     -- full_name
    national_no text NOT NULL UNIQUE,   -- digits
    ref_code character(10) NOT NULL UNIQUE, -- scramble
    card_no text,                       -- mask(keep_first=4, keep_last=4, char='#')
    short_code character varying(10),   -- mask(); hash does not fit here (error test)
    token text UNIQUE,                  -- hash
    token_short character varying(24),  -- hash under a limit (24 of its 32 hex digits)
    ext_id uuid UNIQUE,                 -- uuid
    ext_ref text,                       -- uuid: the same UUIDs written in a text column
    last_ip inet,                       -- ip
    ip_text text,                       -- ip: the same addresses written in a text column
    home_net cidr,                      -- ip
    birth_date date,                    -- date_shift(days=30)
    registered_at timestamp(6) without time zone, -- date_shift(days=10)
    last_login timestamp with time zone,          -- date_shift(days=365)
    age integer,                        -- int_range(18, 99)
    salary numeric(7,2),                -- noise(percent=10)
    visits integer,                     -- noise(percent=20)
    weight_kg double precision,         -- noise(percent=5)
    profile jsonb,                      -- json(...)
    raw_doc json,                       -- json(email=email)
    phones text[],                      -- digits, per element
    notes text,                         -- regex_replace(e-mail pattern, email)
    call_log text,                      -- regex_replace(phone pattern, digits)
    status text NOT NULL,               -- const('redacted')
    remark text,                        -- null
    tier smallint                       -- keep
);

INSERT INTO clinic.patients
SELECT i,
       pg_temp.addr(i),
       CASE WHEN i % 4 = 0 THEN NULL ELSE pg_temp.addr(i) END,
       CASE WHEN i % 6 = 0 THEN NULL ELSE 'q' || i || '@c-m.test' END,
       pg_temp.word('first' || i, 7),
       CASE WHEN i % 8 = 0 THEN NULL ELSE pg_temp.word('last' || i, 9) END,
       CASE WHEN i % 9 = 0 THEN NULL ELSE pg_temp.word('ffirst' || i, 6) || ' ' || pg_temp.word('flast' || i, 8) END,
       '756.' || lpad((i * 37)::text, 4, '0') || '.' || lpad(((i * 7907) % 10000)::text, 4, '0') || '.' || lpad((i % 97)::text, 2, '0'),
       CASE i % 3 WHEN 0 THEN 'AB-' || lpad(i::text, 4, '0') || 'x'
                  WHEN 1 THEN 'Zz' || lpad(i::text, 5, '0')
                  ELSE 'k-' || lpad(i::text, 3, '0') || '-Q' END,
       CASE i % 5 WHEN 0 THEN NULL
                  WHEN 1 THEN 'ABC' || i
                  WHEN 2 THEN 'Ünïcødé-Karte-' || lpad(i::text, 4, '0')
                  ELSE '4111 2222 3333 ' || lpad(i::text, 4, '0') END,
       CASE WHEN i % 7 = 0 THEN NULL ELSE 'SC' || lpad((i * 31)::text, 6, '0') END,
       'tok-' || md5('token' || i),
       CASE WHEN i % 5 = 0 THEN NULL ELSE 'tk-' || substr(md5('token' || i), 1, 18) END,
       CASE WHEN i % 11 = 0 THEN NULL ELSE md5('uuid' || i)::uuid END,
       NULL,
       CASE i % 6 WHEN 0 THEN NULL
                  WHEN 1 THEN ('10.' || (i % 256) || '.' || ((i * 7) % 256) || '.' || ((i * 13) % 250 + 1))::inet
                  WHEN 2 THEN ('192.168.' || (i % 256) || '.' || ((i * 3) % 250 + 2) || '/24')::inet
                  WHEN 3 THEN ('2001:db8:' || to_hex(i) || '::' || to_hex(i * 31))::inet
                  WHEN 4 THEN ('::ffff:172.16.' || (i % 256) || '.' || ((i * 11) % 250 + 3))::inet
                  ELSE ('fd00:' || to_hex(i) || ':beef::' || to_hex(i * 7) || '/64')::inet END,
       NULL,
       CASE i % 5 WHEN 0 THEN NULL
                  WHEN 1 THEN ('10.' || (i % 256) || '.' || ((i * 5) % 256) || '.0/24')::cidr
                  WHEN 2 THEN ('172.' || (16 + i % 16) || '.' || ((i * 9) % 256) || '.' || ((i * 16) % 256) || '/28')::cidr
                  WHEN 3 THEN ('2001:db8:' || to_hex(i * 17) || '::/48')::cidr
                  ELSE ('10.' || (i % 256) || '.' || ((i * 3) % 256) || '.' || ((i * 7) % 256) || '/32')::cidr END,
       CASE WHEN i % 9 = 0 THEN NULL
            WHEN i = 5 THEN 'infinity'::date
            WHEN i = 7 THEN '0044-03-15 BC'::date
            ELSE date '1940-01-01' + i * 97 END,
       CASE WHEN i % 10 = 0 THEN NULL
            WHEN i = 11 THEN '-infinity'::timestamp
            ELSE timestamp '2019-01-01 08:00:00' + i * interval '3 days 1 hour 1 minute 1.123456 seconds' END,
       CASE WHEN i % 12 = 0 THEN NULL
            WHEN i = 13 THEN 'infinity'::timestamptz
            ELSE timestamptz '2020-02-29 23:59:59.5+00' + i * interval '2 days 13 hours 17 minutes 3.251 seconds' END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 18 + (i * 7) % 80 END,
       CASE WHEN i % 8 = 0 THEN NULL
            WHEN i % 8 = 1 THEN 99990.00 - i
            WHEN i % 8 = 2 THEN -(1000 + i * 13.37)
            ELSE 20000 + i * 317.29 END,
       CASE WHEN i % 7 = 0 THEN NULL WHEN i % 7 = 1 THEN 0 ELSE 100000 + i * 7331 END,
       CASE WHEN i % 6 = 0 THEN NULL ELSE 50.0 + i * 0.173 END,
       CASE WHEN i % 13 = 0 THEN NULL ELSE
           jsonb_build_object(
               'email', pg_temp.addr(i),
               'e-mail', pg_temp.addr(i + 1),
               'Phones', jsonb_build_array(pg_temp.phone(i, 1), pg_temp.phone(i, 2)),
               'name', jsonb_build_object('First', pg_temp.word('jfirst' || i, 8),
                                          'last', pg_temp.word('jlast' || i, 8),
                                          'nick', 'keep-nick-' || i),
               'contacts', jsonb_build_array(
                   jsonb_build_object('email', pg_temp.addr(i + 2), 'phone', pg_temp.phone(i, 3),
                                      'relation', 'spouse', 'label', 'Home-' || i || '-' || pg_temp.word('lab' || i, 5)),
                   jsonb_build_object('relation', 'none')),
               'history', jsonb_build_array(
                   jsonb_build_object('emails', jsonb_build_array(pg_temp.addr(i + 3), 'old' || i || '@clinic-mail.test'),
                                      'n', i)),
               'tier', 'gold' || i,
               'TIER', 'GOLD-KEEP-' || i,
               'score', i % 100,
               'password', 'pw-' || md5('pw' || i),
               'pin', 10000000 + (i * 7919 * 13) % 90000000) END,
       CASE WHEN i % 14 = 0 THEN NULL
            WHEN i % 14 = 1 THEN '[]'
            ELSE ('{ "Email" : "keep' || i || '@keep.test",  "email": "'
                  || coalesce(regexp_replace(pg_temp.addr(i), '^(.)', '\\u00' || to_hex(ascii(pg_temp.addr(i)))), 'none' || i || '@clinic-mail.test')
                  || '", "n": ' || i || ', "nested": {"email": ["dup' || i || '@clinic-mail.test", "x' || i || '@clinic-mail.test"], "k": true},'
                  || E'\n  "email": "second' || i || '@clinic-mail.test", "note": "keep me"}') END::json,
       CASE i % 5 WHEN 0 THEN NULL
                  WHEN 1 THEN '{}'::text[]
                  WHEN 2 THEN ARRAY[pg_temp.phone(i, 1), NULL, pg_temp.phone(i, 2)]
                  ELSE ARRAY[pg_temp.phone(i, 1), pg_temp.phone(i, 3)] END,
       CASE WHEN i % 7 = 0 THEN NULL
            ELSE 'Patient wrote from ' || coalesce(pg_temp.addr(i), 'nobody' || i || '@clinic-mail.test')
                 || E' and cc\t' || coalesce(pg_temp.addr(i + 5), 'noone' || i || '@clinic-mail.test')
                 || E';\nsee ticket #' || i || ', path C:\\tmp\\x' END,
       CASE WHEN i % 8 = 0 THEN NULL
            ELSE 'Called ' || pg_temp.phone(i, 1) || ' at 10:00, then ' || pg_temp.phone(i, 2) || '.' END,
       CASE WHEN i % 2 = 0 THEN 'active' ELSE 'inactive' END,
       CASE WHEN i % 3 = 0 THEN NULL ELSE 'remark about ' || pg_temp.word('rem' || i, 8) END,
       (i % 4)::smallint
FROM generate_series(1, 200) AS i;

UPDATE clinic.patients SET ext_ref = CASE WHEN id % 3 = 0 THEN NULL ELSE ext_id::text END,
                           ip_text = CASE WHEN id % 4 = 0 THEN NULL ELSE last_ip::text END;

-- ---- appointments: joined to patients on the address -------------------------------------

CREATE TABLE clinic.appointments (
    id integer PRIMARY KEY,
    patient_email text NOT NULL REFERENCES clinic.patients (email),
    contact_email character varying(254),
    patient_token text,
    starts_at timestamp with time zone NOT NULL,
    room integer,
    summary text
);

INSERT INTO clinic.appointments
SELECT a,
       pg_temp.addr(p),
       CASE a % 5 WHEN 0 THEN NULL
                  WHEN 1 THEN pg_temp.addr(p)            -- the patient's own address
                  WHEN 2 THEN pg_temp.addr(p + 5)        -- another patient's (maybe NULL)
                  WHEN 3 THEN 'q' || p || '@c-m.test'    -- an email_short address
                  ELSE 'outsider' || a || '@elsewhere.test' END,
       CASE WHEN a % 3 = 0 THEN NULL ELSE 'tok-' || md5('token' || p) END,
       timestamptz '2024-05-01 09:15:00.25+00' + a * interval '13 hours 7 minutes 11.5 seconds',
       CASE WHEN a % 9 = 0 THEN NULL ELSE 100 + a END,
       CASE WHEN a % 4 = 0 THEN NULL
            ELSE 'Reminder for ' || pg_temp.addr(p) || ' sent.' END
FROM generate_series(1, 400) AS a,
     LATERAL (SELECT 1 + (a * 37) % 200 AS p0) s0,
     LATERAL (SELECT CASE WHEN p0 % 17 = 0 THEN p0 + 1 ELSE p0 END AS p) s;

-- ---- events: range partitioned; the parent's section covers the partitions ----------------

CREATE TABLE clinic.events (
    id integer NOT NULL,
    happened date NOT NULL,
    actor_email text,
    payload text
) PARTITION BY RANGE (happened);
CREATE TABLE clinic.events_2023 PARTITION OF clinic.events
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE clinic.events_2024 PARTITION OF clinic.events
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

INSERT INTO clinic.events
SELECT e, date '2023-01-01' + e * 3,
       CASE WHEN e % 6 = 0 THEN NULL ELSE pg_temp.addr(e) END,
       CASE WHEN e % 5 = 0 THEN NULL ELSE 'login by ' || coalesce(pg_temp.addr(e + 1), 'ev' || e || '@clinic-mail.test') END
FROM generate_series(1, 200) AS e;

-- ---- contacts: inheritance parent and child --------------------------------------------

CREATE TABLE clinic.contacts (
    id integer PRIMARY KEY,
    email text,
    phone text
);
CREATE TABLE clinic.vip_contacts (
    perks text
) INHERITS (clinic.contacts);

INSERT INTO clinic.contacts
SELECT c, pg_temp.addr(c), pg_temp.phone(c, 1) FROM generate_series(1, 40) AS c;
INSERT INTO clinic.vip_contacts
SELECT 100 + c, pg_temp.addr(c + 40), pg_temp.phone(c, 2), 'Perk code VIP' || c * 7 FROM generate_series(1, 20) AS c;

-- ---- payments: card numbers, MAC addresses, hstore (card_number, mac, hstore) ----------

CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA public;

-- The Luhn sum of the digits of s, modulo 10 (0: valid), and a body completed with the
-- check digit that makes it valid.
CREATE FUNCTION pg_temp.luhn(s text) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT (sum(CASE WHEN i % 2 = 0 THEN (2 * d) / 10 + (2 * d) % 10 ELSE d END) % 10)::integer
          FROM unnest(string_to_array(reverse(regexp_replace(s, '[^0-9]', '', 'g')), NULL)::integer[])
               WITH ORDINALITY AS u(d, i) $$;
CREATE FUNCTION pg_temp.card(body text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT body || ((10 - pg_temp.luhn(body || '0')) % 10)::text $$;
-- A 15-digit body from i: 4 plus 14 digits of md5, read as decimal.
CREATE FUNCTION pg_temp.body(p text, i integer, n integer) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT p || lpad(((('x' || substr(md5('card' || i), 1, 15))::bit(60)::bigint) % (10::numeric ^ (n - length(p)))::bigint)::text,
                           n - length(p), '0') $$;
CREATE FUNCTION pg_temp.mac(i integer) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT regexp_replace(substr(md5('mac' || i), 1, 12), '(..)(?!$)', '\1:', 'g') $$;

CREATE TABLE clinic.payments (
    id integer PRIMARY KEY,
    card text UNIQUE,                   -- card_number(keep_last=4): spaces, dashes, plain
    card_bigint bigint UNIQUE,          -- card_number
    card_num numeric(19,0),             -- card_number(keep_last=1): 19 digits
    card_invalid character varying(19), -- card_number: Luhn-invalid stays invalid
    mac macaddr UNIQUE,                 -- mac
    mac8 macaddr8,                      -- mac(keep_oui=true)
    mac_text text,                      -- mac: the macaddr's address, upper case, dashes
    attrs hstore                        -- hstore(email=email, phone=digits, secret=null)
);

INSERT INTO clinic.payments
SELECT i,
       CASE WHEN i % 11 = 0 THEN NULL
            WHEN i % 3 = 0 THEN regexp_replace(c, '(....)(?!$)', '\1 ', 'g')
            WHEN i % 3 = 1 THEN regexp_replace(c, '(....)(?!$)', '\1-', 'g')
            ELSE c END,
       pg_temp.card(pg_temp.body('5', i, 15))::bigint,
       pg_temp.card(pg_temp.body('6', i, 18))::numeric,
       overlay(c placing ((right(c, 1)::integer + 1 + i % 9) % 10)::text from 16 for 1),
       pg_temp.mac(i)::macaddr,
       (pg_temp.mac(i) || ':' || substr(md5('mac8' || i), 1, 2) || ':' || substr(md5('mac8' || i), 3, 2))::macaddr8,
       upper(replace(pg_temp.mac(i), ':', '-')),
       CASE WHEN i % 13 = 0 THEN NULL ELSE hstore(ARRAY[
           'email', coalesce(pg_temp.addr(i), 'pay' || i || '@clinic-mail.test'),
           'phone', CASE WHEN i % 4 = 0 THEN NULL ELSE pg_temp.phone(i, 1 + i % 3) END,
           'secret', 'pin ' || substr(md5('pin' || i), 1, 8),
           'plan', CASE WHEN i % 2 = 0 THEN 'gold' ELSE 'basic' END,
           'note', 'a "quoted" \ value, => ' || i]) END
FROM generate_series(1, 120) AS i,
     LATERAL (SELECT pg_temp.card(pg_temp.body('4', i, 15)) AS c) s;

-- ---- audit_log: truncated --------------------------------------------------------------

CREATE TABLE clinic.audit_log (
    id bigint PRIMARY KEY,
    at timestamp with time zone NOT NULL,
    who text,
    what text
);

INSERT INTO clinic.audit_log
SELECT l, timestamptz '2024-01-01 00:00:00+00' + l * interval '1 minute',
       coalesce(pg_temp.addr(l), 'audit' || l || '@clinic-mail.test'),
       'audit trail secret ' || md5('audit' || l)
FROM generate_series(1, 150) AS l;

ANALYZE;
