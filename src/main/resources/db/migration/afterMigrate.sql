-- After every migration run (a Flyway callback, run as the migrating role, the schema's owner): what
-- the application role may do, granted again from scratch so that a new table is never forgotten and
-- a privilege given by hand does not stay. The application owns nothing and may not change the
-- schema; it reads and writes the ordinary tables, and only appends to the audit: an UPDATE, DELETE
-- or TRUNCATE of an audit row is refused by PostgreSQL itself, whoever holds the hub's credentials.
--
-- When the hub migrates as its own application role (an external database given no owner), this
-- grants nothing: that role owns the tables and may do anything to them.
do $grants$
declare
    app constant text := '${appRole}';
    -- Append only: the access log, the sharing ledger (shipments, records, answers), every
    -- verification of the chains and every definition version that ran.
    append_only constant text[] := array['access_log', 'sharing_shipment', 'sharing_ledger', 'sharing_outcome',
                                          'audit_chain_verification', 'adapter_definition_version'];
    legacy_pending boolean;
    t record;
begin
    if app = '' or app = current_user then
        return;
    end if;
    if not exists (select 1 from pg_roles where rolname = app) then
        raise exception 'The hub''s application role % does not exist: create it (LOGIN, owning nothing) first', app;
    end if;
    if exists (select 1 from pg_roles where rolname = app and (rolsuper or rolbypassrls)) then
        raise exception 'The hub''s application role % is a superuser: nothing in the database could hold it', app;
    end if;
    -- Two hubs starting at once would change the same catalog rows: one after the other.
    perform pg_advisory_xact_lock(hashtext('hub-application-grants'));

    if (select nspowner from pg_namespace where nspname = current_schema()) = (select oid from pg_roles where rolname = current_user) then
        -- PostgreSQL before 15 lets everyone create objects in public.
        execute format('revoke create on schema %I from public', current_schema());
    end if;
    execute format('revoke create on schema %I from %I', current_schema(), app);
    execute format('grant usage on schema %I to %I', current_schema(), app);

    -- Sharing-ledger rows written before the ledger was chained are linked once, by the hub, at
    -- its next start (ChainBackfill): until then, and only then, it may set their links.
    select exists (select 1 from audit_chain_legacy where max_id > 0) into legacy_pending;

    for t in
        select c.relname, c.relkind from pg_class c
        where c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
          and c.relkind in ('r', 'p', 'v', 'm', 'f') and c.relname <> 'flyway_schema_history'
    loop
        execute format('revoke all on table %I from %I', t.relname, app);
        if t.relkind in ('v', 'm') then
            execute format('grant select on table %I to %I', t.relname, app);
        elsif t.relname = any (append_only) then
            execute format('grant select, insert on table %I to %I', t.relname, app);
            if legacy_pending and t.relname like 'sharing\_%' then
                execute format('grant update (chain_seq, prev_hash, row_hash) on table %I to %I', t.relname, app);
            end if;
        elsif t.relname = 'audit_chain_head' then
            -- Each append moves its chain's head (and locks it, which needs an UPDATE privilege):
            -- the position and hash only. A head moved by hand no longer matches the rows, and the
            -- rows themselves cannot be changed or removed, so verification names it.
            execute format('grant select, update (last_seq, last_hash) on table %I to %I', t.relname, app);
        elsif t.relname = 'audit_chain_legacy' then
            execute format('grant select on table %I to %I', t.relname, app);
            if legacy_pending then
                execute format('grant update (max_id) on table %I to %I', t.relname, app);
            end if;
        elsif t.relname = 'audit_alert' then
            -- A sign-in alert raised again the same day raises its count; no alert is ever removed.
            execute format('grant select, insert, update (residents) on table %I to %I', t.relname, app);
        else
            execute format('grant select, insert, update, delete on table %I to %I', t.relname, app);
        end if;
    end loop;

    for t in
        select c.relname from pg_class c
        where c.relnamespace = (select oid from pg_namespace where nspname = current_schema()) and c.relkind = 'S'
    loop
        execute format('revoke all on sequence %I from %I', t.relname, app);
        execute format('grant usage, select on sequence %I to %I', t.relname, app);
    end loop;
end
$grants$;
