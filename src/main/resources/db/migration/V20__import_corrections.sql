-- A worker's corrections to cells of an uploaded ledger, made on the import page instead of editing
-- the file and uploading it again. The check and the commit read the file's rows with these cells
-- put over them. A corrected value is personal data as the upload is: encrypted under the
-- personal-data key (moved to a new key by the key rotation), kept while the upload is kept, and
-- deleted with it. By the sheet read (a CSV's is ''), the row as the spreadsheet numbers it and
-- the column (1-based).
create table import_correction (
    import_id     uuid         not null references import_job (id) on delete cascade,
    sheet         varchar(200) not null,
    row_no        bigint       not null check (row_no > 0),
    column_no     integer      not null check (column_no > 0),
    value_cipher  bytea        not null,
    corrected_by  varchar(64)  not null,
    corrected_at  timestamptz  not null,
    primary key (import_id, sheet, row_no, column_no)
);

-- The worker's answers to the check's questions, kept apart from the findings (which a check run
-- again replaces): the same question asked again (the same row, code, other row and resident)
-- gets the same answer back.
create table import_decision (
    import_id    uuid        not null references import_job (id) on delete cascade,
    row_no       bigint      not null,
    code         varchar(60) not null,
    other_row    bigint,
    resident_id  uuid,
    decision     varchar(8)  not null check (decision in ('ACCEPTED', 'DECLINED')),
    decided_by   varchar(64) not null,
    decided_at   timestamptz not null
);
create unique index import_decision_question on import_decision
    (import_id, row_no, code, coalesce(other_row, 0), coalesce(resident_id, '00000000-0000-0000-0000-000000000000'));

-- Findings read by kind (code) on the import page.
create index import_finding_code on import_finding (import_id, code, row_no);
