-- Every verification of the audit chains, scheduled or asked for by an auditor: when, which chain,
-- whether it was intact, how many rows fit, and where it broke. Every hub replica reports the latest
-- one per chain as its metrics, whichever replica ran it. Append only; a few rows an hour.
create table audit_chain_verification (
    id            bigint       generated always as identity primary key,
    chain         varchar(20)  not null check (chain in ('sharing', 'access')),
    verified_at   timestamptz  not null,
    intact        boolean      not null,
    rows_verified bigint       not null,
    duration_ms   bigint       not null,
    requested_by  varchar(10)  not null check (requested_by in ('SCHEDULE', 'AUDITOR')),
    broken_table  varchar(40),
    broken_id     bigint,
    problem       varchar(300)
);
create index audit_chain_verification_latest on audit_chain_verification (chain, verified_at desc);
