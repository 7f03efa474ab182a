-- The sheet of a workbook an import reads (null: a CSV), and the workbook's other sheets that hold
-- something, which the worker may choose instead (one import reads one sheet).
alter table import_job add column sheet varchar(200);
alter table import_job add column other_sheets jsonb;
