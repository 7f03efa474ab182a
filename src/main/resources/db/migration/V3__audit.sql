-- Privacy and data-sharing audit: the access log, hash chains over it and over the sharing ledger,
-- the allow-list of every definition version, anomaly alerts.

-- The head of each hash chain: the last link written. A writer locks its chain's head row, links
-- its rows after it and moves the head, all in its own transaction, so concurrent writers (threads
-- or hub processes) queue on this row and the chain never forks.
create table audit_chain_head (
    chain     varchar(20) primary key check (chain in ('sharing', 'access')),
    last_seq  bigint      not null,
    last_hash bytea       not null
);
-- The chains start from 32 zero bytes.
insert into audit_chain_head (chain, last_seq, last_hash) values
    ('sharing', 0, decode(repeat('00', 32), 'hex')),
    ('access', 0, decode(repeat('00', 32), 'hex'));

-- The sharing ledger's rows join the 'sharing' chain: each carries its position, the hash of the
-- row before it and its own hash (SHA-256 over the previous hash and the row's content).
alter table sharing_shipment add column chain_seq bigint, add column prev_hash bytea, add column row_hash bytea;
alter table sharing_ledger add column chain_seq bigint, add column prev_hash bytea, add column row_hash bytea;
alter table sharing_outcome add column chain_seq bigint, add column prev_hash bytea, add column row_hash bytea;
create unique index sharing_shipment_chain on sharing_shipment (chain_seq);
-- Rows written before this migration are linked once, at the next start; only they: a row that
-- appears later outside the chain is a forgery, and verification names it.
create table audit_chain_legacy (table_name varchar(40) primary key, max_id bigint not null);
insert into audit_chain_legacy
select 'sharing_shipment', coalesce(max(id), 0) from sharing_shipment
union all select 'sharing_ledger', coalesce(max(id), 0) from sharing_ledger
union all select 'sharing_outcome', coalesce(max(id), 0) from sharing_outcome;
create unique index sharing_ledger_chain on sharing_ledger (chain_seq);
create unique index sharing_outcome_chain on sharing_outcome (chain_seq);

-- Exactly what each record carried: the shipment's fields it had a value for (bit i for
-- upsert_fields[i], or remove_fields[i] for a removal), and the tags it disclosed.
alter table sharing_ledger add column fields_sent varbit, add column tags_sent varchar(40)[];

-- Each record of the ledger with its answer and the fields it carried.
drop view sharing_ledger_entries;
create view sharing_ledger_entries as
select l.id, l.shipment_id, s.adapter_id, s.definition_hash, s.definition_version, s.legal_basis, l.resident_id,
       l.resident_version, l.operation,
       case when l.fields_sent is null
            then case when l.operation = 'REMOVE' then s.remove_fields else s.upsert_fields end
            else array(select f from unnest(case when l.operation = 'REMOVE' then s.remove_fields else s.upsert_fields end)
                       with ordinality as u(f, i)
                       where i <= length(l.fields_sent) and substring(l.fields_sent from i::int for 1) = B'1'
                       order by i)
       end as fields,
       coalesce(l.tags_sent, '{}') as tags,
       l.payload_hash, s.request_key, s.sent_at,
       coalesce(r.result, w.result, 'SENT') as result, coalesce(r.message, w.message) as message,
       coalesce(r.answered_at, w.answered_at) as answered_at
from sharing_ledger l
join sharing_shipment s on s.id = l.shipment_id
left join sharing_outcome r on r.ledger_id = l.id
left join sharing_outcome w on w.shipment_id = l.shipment_id and w.ledger_id is null;

-- Every definition version the hub has run, with its allow-list: the field names a record may
-- carry, and the tags that may leave (as tag codes). The over-sharing check compares every
-- shipment with the version it was sent under.
create table adapter_definition_version (
    definition_hash    varchar(64)    primary key,
    adapter_id         varchar(64)    not null,
    version            varchar(40)    not null,
    legal_basis        varchar(500)   not null,
    fields             varchar(100)[] not null,
    tags               varchar(40)[]  not null,
    first_loaded_at    timestamptz    not null
);

-- The access log: every read of personal data, reveal and export — who (and in which roles),
-- from where, which residents, which fields, for what purpose, when. Append only, hash-chained.
create table access_log (
    id             bigint        primary key,
    chain_seq      bigint        not null unique,
    prev_hash      bytea         not null,
    row_hash       bytea         not null,
    at             timestamptz   not null,
    username       varchar(200)  not null,
    roles          varchar(40)[] not null,
    client_address varchar(100),
    action         varchar(20)   not null check (action in ('VIEW', 'LIST', 'REVEAL', 'EXPORT', 'PREVIEW', 'HISTORY',
                                                            'DISCLOSURES')),
    resource       varchar(200)  not null, -- what was read, e.g. GET /api/v1/residents/{id}
    resident_ids   uuid[]        not null,
    fields         varchar(100)[] not null,
    purpose        varchar(40),
    purpose_note   varchar(500)
);
create sequence access_log_id_seq owned by access_log.id;
create index access_log_at on access_log (at);
create index access_log_user on access_log (username, at);
create index access_log_residents on access_log using gin (resident_ids);

-- Unusual use of personal data: one row per user, kind and day.
create table audit_alert (
    id          bigint       generated always as identity primary key,
    raised_at   timestamptz  not null,
    username    varchar(200) not null,
    kind        varchar(20)  not null check (kind in ('VOLUME', 'NIGHT')),
    day         date         not null,
    residents   integer      not null, -- residents revealed or exported by the user that day when raised
    usual       numeric(10, 1),        -- the user's usual daily number (VOLUME)
    access_id   bigint       not null references access_log (id),
    unique (username, kind, day)
);
create index audit_alert_raised on audit_alert (raised_at);

-- Records that disclosed tags, for the over-sharing check.
create index sharing_ledger_tags on sharing_ledger (shipment_id) where tags_sent is not null;
