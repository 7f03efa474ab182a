-- A registration made in error (a person who does not live here, a record entered twice by
-- mistake before anyone merged it) is voided rather than deleted: the row and its history stay,
-- the status says VOIDED, and every platform that holds the record gets its removal.

alter table resident drop constraint resident_status_known;
alter table resident add constraint resident_status_known
    check (status in ('ACTIVE', 'MOVED_OUT', 'DECEASED', 'MERGED', 'VOIDED'));
