//! Recursive queries over the team tree: a team's subtree and its people.

use diesel::prelude::*;
use diesel::sql_types::BigInt;

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// The team and every team below it.
pub fn team_subtree(conn: &mut PgConnection, root: i64) -> QueryResult<Vec<i64>> {
    let rows: Vec<Id> = diesel::sql_query(
        "WITH RECURSIVE sub(id) AS (
             SELECT id FROM teams WHERE id = $1
             UNION
             SELECT t.id FROM teams t JOIN sub ON t.parent_id = sub.id
         )
         SELECT id FROM sub",
    )
    .bind::<BigInt, _>(root)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Everyone (active or not: past events still count) in the team's subtree.
pub fn team_members(conn: &mut PgConnection, root: i64) -> QueryResult<Vec<i64>> {
    let rows: Vec<Id> = diesel::sql_query(
        "WITH RECURSIVE sub(id) AS (
             SELECT id FROM teams WHERE id = $1
             UNION
             SELECT t.id FROM teams t JOIN sub ON t.parent_id = sub.id
         )
         SELECT u.id FROM users u JOIN sub ON u.team_id = sub.id",
    )
    .bind::<BigInt, _>(root)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// The teams a manager runs, with everything below them.
pub fn managed_subtree(conn: &mut PgConnection, manager_id: i64) -> QueryResult<Vec<i64>> {
    let rows: Vec<Id> = diesel::sql_query(
        "WITH RECURSIVE sub(id) AS (
             SELECT id FROM teams WHERE manager_id = $1
             UNION
             SELECT t.id FROM teams t JOIN sub ON t.parent_id = sub.id
         )
         SELECT id FROM sub",
    )
    .bind::<BigInt, _>(manager_id)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}
