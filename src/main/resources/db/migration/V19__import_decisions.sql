-- A finding that asks the worker a question (a damaged ID number probably of a registered resident,
-- or of another row of the file): the other row it names, and the worker's answer (PENDING until
-- given; ACCEPTED: the row is treated as that person; DECLINED: it stays refused).
alter table import_finding add column other_row bigint;
alter table import_finding add column decision varchar(8)
    check (decision is null or decision in ('PENDING', 'ACCEPTED', 'DECLINED'));
create index import_finding_decision on import_finding (import_id, row_no) where decision is not null;

-- Of the rows a commit wrote, those that updated people already registered (the others registered
-- new people).
alter table import_job add column rows_updated bigint not null default 0;
