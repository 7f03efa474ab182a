-- Fan-out: the change outbox, delivery work, what each platform holds, the sharing ledger, and the
-- tasks a platform's rejection opens for a worker.

-- Every new version of a resident, written by a trigger in the transaction that made it: a change
-- that rolls back leaves no outbox row, and no code path can forget to write one.
create table change_outbox (
    id               bigint      generated always as identity primary key,
    resident_id      uuid        not null,
    resident_version integer     not null,
    adapter_id       varchar(64), -- null: every adapter; set: work for one adapter only (resync, re-evaluation)
    forced           boolean     not null default false, -- send even if the platform holds this version
    created_at       timestamptz not null default now()
) with (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_cost_delay = 0); -- a queue: vacuum it eagerly

create function hub_outbox_resident_change() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'INSERT' or new.version is distinct from old.version then
        insert into change_outbox (resident_id, resident_version) values (new.id, new.version);
    end if;
    return null;
end
$$;

create trigger resident_change_outbox
    after insert or update of version on resident
    for each row execute function hub_outbox_resident_change();

-- Per platform: paused or not, configured or not, and which hub process is working it now.
create table adapter_state (
    adapter_id      varchar(64)  primary key,
    paused          boolean      not null default false,
    paused_by       varchar(64),
    paused_at       timestamptz,
    configured      boolean      not null default true,
    worker          varchar(100), -- the hub process holding the work lease
    worker_until    timestamptz,
    last_run_at     timestamptz,
    last_run_result varchar(500),
    -- Ages change without edits: residents whose birthday has passed since this day are looked at again.
    reevaluated_on  date         not null default current_date
);

-- One piece of delivery work: bring one platform up to date with one resident. Changes made before
-- a run collapse into the one waiting row (its target version rises).
create table delivery (
    id              bigint       generated always as identity primary key,
    adapter_id      varchar(64)  not null,
    resident_id     uuid         not null,
    target_version  integer      not null,
    forced          boolean      not null default false,
    status          varchar(10)  not null check (status in ('PENDING', 'SENDING', 'FAILED', 'DEAD')),
    attempts        integer      not null default 0,
    next_attempt_at timestamptz  not null,
    lease_owner     varchar(100),
    lease_until     timestamptz,
    last_error      varchar(1000),
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
) with (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_cost_delay = 0); -- a queue: vacuum it eagerly
create unique index delivery_one_waiting on delivery (adapter_id, resident_id) where status in ('PENDING', 'FAILED');
-- What a worker claims: waiting work in the order it falls due, and work whose sender's lease ran out.
create index delivery_waiting on delivery (adapter_id, next_attempt_at, id) where status in ('PENDING', 'FAILED');
create index delivery_leased on delivery (adapter_id, lease_until) where status = 'SENDING';
create index delivery_dead on delivery (adapter_id, updated_at) where status = 'DEAD';
create index delivery_resident on delivery (resident_id);

-- What each platform holds of each resident: the sync status the worker sees.
create table platform_record (
    adapter_id        varchar(64)  not null,
    resident_id       uuid         not null,
    held              boolean      not null, -- false after a removal was accepted
    accepted_version  integer,               -- resident version the platform last accepted
    accepted_at       timestamptz,
    payload_hash      varchar(64),           -- SHA-256 of the payload last accepted
    payload_cipher    bytea,                 -- that payload, encrypted: it holds personal data
    definition_hash   varchar(64),
    rejected_version  integer,               -- the latest rejection, until a later version is accepted
    rejected_at       timestamptz,
    rejection_message varchar(1000),
    primary key (adapter_id, resident_id) -- look-ups by resident give the list of adapters
) with (fillfactor = 80); -- room on each page, so updating a record does not touch its index

-- The sharing ledger: what left the hub, for which platform, under which definition version and
-- legal basis, which of a person's fields, with what payload hash, when, and the platform's answer.
-- Append only: a shipment and its records are written before anything leaves (so a crash still
-- leaves a trace), answers are added as outcome rows, and no row is ever changed.
create table sharing_shipment (
    id                 bigint        generated always as identity primary key,
    adapter_id         varchar(64)   not null,
    definition_hash    varchar(64)   not null,
    definition_version varchar(40)   not null,
    legal_basis        varchar(500)  not null,
    request_key        varchar(100)  not null, -- Idempotency-Key of the request, or the file's batch
    upsert_fields      varchar(100)[] not null, -- the field names each record of the shipment carries
    remove_fields      varchar(100)[] not null, -- those of a removal
    records            integer       not null,
    sent_at            timestamptz   not null
);
create index sharing_shipment_adapter on sharing_shipment (adapter_id, sent_at);

create table sharing_ledger (
    id               bigint         generated always as identity primary key,
    shipment_id      bigint         not null references sharing_shipment (id),
    resident_id      uuid           not null,
    resident_version integer        not null,
    operation        varchar(10)    not null check (operation in ('UPSERT', 'REMOVE')),
    payload_hash     varchar(64)    not null
);
create index sharing_ledger_resident on sharing_ledger (resident_id, id);
create index sharing_ledger_shipment on sharing_ledger (shipment_id);

-- The platform's answer: one row for the whole shipment (ledger_id null), and one row for each
-- record whose answer differs from it (a rejection among accepted records).
create table sharing_outcome (
    id          bigint        generated always as identity primary key,
    shipment_id bigint        not null references sharing_shipment (id),
    ledger_id   bigint        references sharing_ledger (id),
    result      varchar(10)   not null check (result in ('ACCEPTED', 'REJECTED', 'FAILED', 'EXPORTED')),
    message     varchar(1000),
    answered_at timestamptz   not null
);
create index sharing_outcome_shipment on sharing_outcome (shipment_id);
create unique index sharing_outcome_one_per_record on sharing_outcome (ledger_id) where ledger_id is not null;
create unique index sharing_outcome_one_per_shipment on sharing_outcome (shipment_id) where ledger_id is null;

-- Each record of the ledger with its answer (SENT while there is none yet).
create view sharing_ledger_entries as
select l.id, l.shipment_id, s.adapter_id, s.definition_hash, s.definition_version, s.legal_basis, l.resident_id,
       l.resident_version, l.operation,
       case when l.operation = 'REMOVE' then s.remove_fields else s.upsert_fields end as fields,
       l.payload_hash, s.request_key, s.sent_at,
       coalesce(r.result, w.result, 'SENT') as result, coalesce(r.message, w.message) as message,
       coalesce(r.answered_at, w.answered_at) as answered_at
from sharing_ledger l
join sharing_shipment s on s.id = l.shipment_id
left join sharing_outcome r on r.ledger_id = l.id
left join sharing_outcome w on w.shipment_id = l.shipment_id and w.ledger_id is null;

-- Work for a person: a platform rejected a record (closed when a later delivery is accepted).
create table task (
    id          uuid          primary key,
    kind        varchar(40)   not null,
    resident_id uuid          not null references resident (id),
    adapter_id  varchar(64),
    message     varchar(1000) not null,
    opened_at   timestamptz   not null,
    closed_at   timestamptz,
    closed_by   varchar(100)
);
create unique index task_one_open on task (kind, resident_id, adapter_id) where closed_at is null;
create index task_resident on task (resident_id);
