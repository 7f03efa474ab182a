-- Page sessions of users signed in through the district's OIDC server. They have no row in
-- app_user, so their session generation is kept here, as app_user keeps a built-in user's: raised
-- at sign-out (every copy of the session ends, on every replica) and when a sign-in brings other
-- roles or another area than the last one (older sessions, with the earlier grants, end).
create table token_session (
    username    varchar(64) primary key check (username like 'oidc:%'),
    generation  integer     not null default 0,
    -- The roles and area of the last sign-in, as one comparable text: roles|codes, each sorted.
    grants      text        not null,
    updated_at  timestamptz not null
);
