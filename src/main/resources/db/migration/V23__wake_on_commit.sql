-- Delivery wakes on commit instead of looking every second: new outbox rows, and deliveries that
-- are due now, tell every hub process that listens. NOTIFY is sent when the transaction commits,
-- never for one that rolls back, and a transaction's identical notices are sent once.

create function hub_notify_outbox() returns trigger
    language plpgsql
as $$
begin
    perform pg_notify('hub_outbox', '');
    return null;
end
$$;

-- Once per statement: an import that writes 5,000 outbox rows in one statement sends one notice.
create trigger change_outbox_notify
    after insert on change_outbox
    for each statement execute function hub_notify_outbox();

-- The platforms with deliveries due now among a statement's rows, one notice each (the payload is
-- the platform's id). Deliveries put off to a later attempt tell nobody: their worker waits for
-- that time by itself.
create function hub_notify_due_deliveries() returns trigger
    language plpgsql
as $$
declare
    platform varchar(64);
begin
    for platform in
        select distinct adapter_id from due_rows
        where status in ('PENDING', 'FAILED') and next_attempt_at <= now()
    loop
        perform pg_notify('hub_delivery', platform);
    end loop;
    return null;
end
$$;

-- Two triggers: a trigger with transition tables may have one event only.
create trigger delivery_inserted_notify
    after insert on delivery
    referencing new table as due_rows
    for each statement execute function hub_notify_due_deliveries();

create trigger delivery_updated_notify
    after update on delivery
    referencing new table as due_rows
    for each statement execute function hub_notify_due_deliveries();
