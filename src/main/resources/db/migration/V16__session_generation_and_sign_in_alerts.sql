-- Page sessions: a session carries the generation its user had when it began; raising the
-- generation (sign-out, a new password, other roles or area, the user disabled) ends every session
-- of the user, on every replica, at its next request.
alter table app_user add column session_generation integer not null default 0;

-- Sign-in alerts: many failed sign-ins for one username (or for all), raised by the sign-in itself,
-- so they follow no access-log entry; residents holds the failed sign-ins for them.
alter table audit_alert drop constraint audit_alert_kind_check;
alter table audit_alert add constraint audit_alert_kind_check check (kind in ('VOLUME', 'NIGHT', 'SIGN_IN'));
alter table audit_alert alter column access_id drop not null;
