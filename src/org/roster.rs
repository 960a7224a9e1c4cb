//! Every team and person in memory, for walking the team tree without a
//! query per node (the team and company rollups).

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use crate::db::schema::users;
use crate::db::teams::Team;

/// Someone who can own a goal, as the roster knows them.
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub team_id: Option<i64>,
    pub active: bool,
}

/// Every team and person, for walking the tree in memory.
pub struct Roster {
    pub teams: Vec<Team>,
    pub people: Vec<Person>,
    /// Indexes into `teams` and `people`, built once so that a page over
    /// hundreds of teams and thousands of people stays linear.
    team_index: HashMap<i64, usize>,
    person_index: HashMap<i64, usize>,
    children: HashMap<Option<i64>, Vec<usize>>,
    people_by_team: HashMap<Option<i64>, Vec<usize>>,
}

impl Roster {
    pub fn load(conn: &mut PgConnection) -> QueryResult<Roster> {
        let rows: Vec<(i64, String, String, Option<i64>, bool)> = users::table
            .select((
                users::id,
                users::name,
                users::email,
                users::team_id,
                users::active,
            ))
            .order(users::name)
            .load(conn)?;
        let people = rows
            .into_iter()
            .map(|(id, name, email, team_id, active)| Person {
                id,
                name,
                email,
                team_id,
                active,
            })
            .collect();
        Ok(Roster::new(Team::all(conn)?, people))
    }

    pub fn new(teams: Vec<Team>, people: Vec<Person>) -> Roster {
        let mut children: HashMap<Option<i64>, Vec<usize>> = HashMap::new();
        for (i, t) in teams.iter().enumerate() {
            children.entry(t.parent_id).or_default().push(i);
        }
        let mut people_by_team: HashMap<Option<i64>, Vec<usize>> = HashMap::new();
        for (i, p) in people.iter().enumerate() {
            people_by_team.entry(p.team_id).or_default().push(i);
        }
        Roster {
            team_index: teams.iter().enumerate().map(|(i, t)| (t.id, i)).collect(),
            person_index: people.iter().enumerate().map(|(i, p)| (p.id, i)).collect(),
            children,
            people_by_team,
            teams,
            people,
        }
    }

    pub fn team(&self, id: i64) -> Option<&Team> {
        self.team_index.get(&id).map(|&i| &self.teams[i])
    }

    pub fn person(&self, id: i64) -> Option<&Person> {
        self.person_index.get(&id).map(|&i| &self.people[i])
    }

    fn child_teams(&self, parent: Option<i64>) -> impl Iterator<Item = &Team> {
        self.children
            .get(&parent)
            .into_iter()
            .flatten()
            .map(|&i| &self.teams[i])
    }

    /// People whose team is `team` (`None`: people in no team).
    fn people_in(&self, team: Option<i64>) -> impl Iterator<Item = &Person> {
        self.people_by_team
            .get(&team)
            .into_iter()
            .flatten()
            .map(|&i| &self.people[i])
    }

    pub fn subtree(&self, root: i64) -> HashSet<i64> {
        let mut seen = HashSet::from([root]);
        let mut frontier = vec![root];
        while let Some(id) = frontier.pop() {
            for child in self.child_teams(Some(id)) {
                if seen.insert(child.id) {
                    frontier.push(child.id);
                }
            }
        }
        seen
    }

    /// Everyone in the team or below it, active or not.
    pub fn people_under(&self, root: i64) -> Vec<i64> {
        self.subtree(root)
            .into_iter()
            .flat_map(|team| self.people_in(Some(team)).map(|p| p.id))
            .collect()
    }

    pub fn headcount(&self, root: i64) -> usize {
        self.subtree(root)
            .into_iter()
            .map(|team| self.people_in(Some(team)).filter(|p| p.active).count())
            .sum()
    }

    /// People in no team.
    pub fn unassigned(&self) -> impl Iterator<Item = &Person> {
        self.people_in(None)
    }

    pub fn members(&self, team: i64) -> Vec<&Person> {
        // In name order, as `people` is.
        self.people_in(Some(team)).filter(|p| p.active).collect()
    }

    pub fn sub_teams(&self, parent: Option<i64>) -> Vec<&Team> {
        self.child_teams(parent).filter(|t| t.active).collect()
    }

    pub fn user_name(&self, id: Option<i64>) -> String {
        id.and_then(|id| self.person(id))
            .map(|p| p.name.clone())
            .unwrap_or_default()
    }
}
