-- The demo shop: realistic personal data and secrets, generated deterministically.
-- Every card number passes the Luhn check, every SSN is in the never-issued 9xx range.

CREATE TABLE customers (
  id             bigint PRIMARY KEY,
  full_name      text NOT NULL,
  email          text NOT NULL UNIQUE,
  phone          text,
  card_number    text,
  ssn            text,
  date_of_birth  date,
  street_address text,
  city           text,
  country        text NOT NULL,
  created_at     timestamptz NOT NULL
);

CREATE TABLE orders (
  id           bigint PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES customers(id),
  status       text NOT NULL,
  total_cents  integer NOT NULL,
  currency     char(3) NOT NULL,
  created_at   timestamptz NOT NULL
);

CREATE TABLE order_items (
  order_id     bigint NOT NULL REFERENCES orders(id),
  line_no      integer NOT NULL,
  sku          text NOT NULL,
  quantity     integer NOT NULL,
  price_cents  integer NOT NULL,
  PRIMARY KEY (order_id, line_no)
);

CREATE TABLE support_tickets (
  id           bigint PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES customers(id),
  subject      text NOT NULL,
  body         text NOT NULL,
  status       text NOT NULL,
  created_at   timestamptz NOT NULL
);

CREATE TABLE api_keys (
  id            bigint PRIMARY KEY,
  customer_id   bigint NOT NULL REFERENCES customers(id),
  label         text NOT NULL,
  secret        text NOT NULL,
  aws_access_key text,
  created_at    timestamptz NOT NULL,
  last_used_at  timestamptz
);

CREATE TABLE employees (
  id             bigint PRIMARY KEY,
  username       text NOT NULL UNIQUE,
  full_name      text NOT NULL,
  email          text NOT NULL,
  password_hash  text NOT NULL,
  role           text NOT NULL
);

-- Luhn check digit for a string of digits.
CREATE FUNCTION pg_temp.luhn_complete(digits text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT digits || ((10 - (sum(
           CASE WHEN (length(digits) - i) % 2 = 0
                THEN CASE WHEN substr(digits, i, 1)::int * 2 > 9
                          THEN substr(digits, i, 1)::int * 2 - 9
                          ELSE substr(digits, i, 1)::int * 2 END
                ELSE substr(digits, i, 1)::int END) % 10)) % 10)::text
  FROM generate_series(1, length(digits)) AS i
$$;

WITH first_names(n, name) AS (
  SELECT row_number() OVER (), name FROM unnest(ARRAY[
    'Alice','Bob','Carmen','Dmitri','Elena','Farid','Grace','Hiroshi','Ines','Jonas',
    'Kavya','Liam','Mei','Nadia','Oscar','Priya','Quentin','Rosa','Sven','Tomoko']) AS name),
last_names(n, name) AS (
  SELECT row_number() OVER (), name FROM unnest(ARRAY[
    'Andersen','Baptiste','Chen','Dubois','Eriksen','Fischer','Garcia','Haddad','Ivanova',
    'Johansson','Kowalski','Lopez','Moreau','Novak','Okafor','Petrov','Quinn','Rossi',
    'Schmidt','Tanaka','Usman','Varga','Weber','Yilmaz']) AS name),
cities(n, city, country) AS (
  SELECT row_number() OVER (), c, k FROM (VALUES
    ('Berlin','DE'),('Lisbon','PT'),('Toronto','CA'),('Osaka','JP'),('Austin','US'),
    ('Lyon','FR'),('Krakow','PL'),('Nairobi','KE'),('Melbourne','AU'),('Oslo','NO')) AS v(c, k))
INSERT INTO customers
SELECT g,
       f.name || ' ' || l.name,
       lower(f.name) || '.' || lower(l.name) || g || '@example.com',
       '+1-555-' || lpad(((g * 7919) % 10000)::text, 4, '0'),
       pg_temp.luhn_complete('4' || lpad(((g::bigint * 982451653) % 1000000000000000)::text, 14, '0')),
       '9' || lpad(((g * 37) % 100)::text, 2, '0') || '-' || lpad(((g * 13) % 100)::text, 2, '0')
           || '-' || lpad(((g * 7741) % 10000)::text, 4, '0'),
       date '1950-01-01' + ((g * 3571) % 18000),
       ((g * 17) % 999 + 1) || ' ' || (ARRAY['Main St','Oak Ave','Harbour Rd','Lindenweg','Rue Victor Hugo'])[g % 5 + 1],
       c.city,
       c.country,
       timestamptz '2024-01-01 00:00:00+00' + (g || ' hours')::interval
FROM generate_series(1, 500) AS g
JOIN first_names f ON f.n = g % 20 + 1
JOIN last_names l ON l.n = g % 24 + 1
JOIN cities c ON c.n = g % 10 + 1;

INSERT INTO orders
SELECT g,
       (g * 7) % 500 + 1,
       (ARRAY['pending','paid','shipped','delivered','refunded'])[g % 5 + 1],
       500 + (g * 7907) % 50000,
       (ARRAY['EUR','USD','CAD','JPY'])[g % 4 + 1],
       timestamptz '2024-03-01 00:00:00+00' + (g * 17 || ' minutes')::interval
FROM generate_series(1, 5000) AS g;

INSERT INTO order_items
SELECT o, line,
       'SKU-' || lpad(((o * 31 + line * 7) % 900 + 100)::text, 4, '0'),
       (o + line) % 4 + 1,
       199 + ((o * line * 113) % 9000)
FROM generate_series(1, 5000) AS o, generate_series(1, 3) AS line
WHERE line <= o % 3 + 1;

INSERT INTO support_tickets
SELECT g,
       c.id,
       (ARRAY['Refund request','Card charged twice','Change my address','Cannot log in','Delivery late'])[g % 5 + 1],
       CASE g % 4
         WHEN 0 THEN 'Hi, please refund order ' || (g * 3) || '. You can reach me at ' || c.email || '.'
         WHEN 1 THEN 'My card ' || c.card_number || ' was charged twice, call me on ' || c.phone || '.'
         WHEN 2 THEN 'Please ship to ' || c.street_address || ', ' || c.city || ' instead.'
         ELSE 'I cannot log in since yesterday, the reset mail never arrives.'
       END,
       (ARRAY['open','pending','closed'])[g % 3 + 1],
       c.created_at + interval '30 days'
FROM generate_series(1, 300) AS g
JOIN customers c ON c.id = (g * 13) % 500 + 1;

INSERT INTO api_keys
SELECT g,
       (g * 11) % 500 + 1,
       (ARRAY['ci','backend','mobile','reporting'])[g % 4 + 1],
       'sk_live_' || substr(md5('dbwarden-secret-' || g), 1, 24) || substr(md5('salt-' || g), 1, 8),
       CASE WHEN g % 2 = 0 THEN 'AKIA' || upper(substr(md5('aws-' || g), 1, 16)) END,
       timestamptz '2024-02-01 00:00:00+00' + (g || ' days')::interval,
       CASE WHEN g % 3 <> 0 THEN timestamptz '2025-06-01 00:00:00+00' + (g || ' hours')::interval END
FROM generate_series(1, 120) AS g;

INSERT INTO employees
SELECT g,
       (ARRAY['jdoe','asmith','mgarcia','kchen','tnovak','rossi.p','lweber','ookafor'])[g],
       (ARRAY['John Doe','Anna Smith','Maria Garcia','Kevin Chen','Tereza Novak','Paolo Rossi','Lena Weber','Obi Okafor'])[g],
       (ARRAY['jdoe','asmith','mgarcia','kchen','tnovak','rossi.p','lweber','ookafor'])[g] || '@shop.example',
       '$2b$12$' || substr(encode(sha256(('pw-' || g)::bytea), 'base64'), 1, 53),
       (ARRAY['support','support','finance','engineering','engineering','dba','support','finance'])[g]
FROM generate_series(1, 8) AS g;

ANALYZE;
