//! Trees by parent pointer (teams, the sponsor network): the one rule that
//! matters when a node moves is that it may not end up below itself.

use std::collections::HashSet;

/// Would making `new_parent` the parent of `node` close a cycle?
/// `parent_of` answers the current parent of any node.
pub fn would_create_cycle(
    node: i64,
    new_parent: Option<i64>,
    mut parent_of: impl FnMut(i64) -> Option<i64>,
) -> bool {
    let mut seen = HashSet::new();
    let mut cursor = new_parent;
    while let Some(current) = cursor {
        if current == node || !seen.insert(current) {
            return true;
        }
        cursor = parent_of(current);
    }
    false
}

/// Depth-first order of a forest with each node's depth, children sorted by
/// the given key; used to draw trees as indented lists.
pub fn depth_first<T, K: Ord>(
    nodes: &[T],
    id: impl Fn(&T) -> i64,
    parent: impl Fn(&T) -> Option<i64>,
    key: impl Fn(&T) -> K,
) -> Vec<(usize, usize)> {
    let ids: HashSet<i64> = nodes.iter().map(&id).collect();
    let mut order = Vec::with_capacity(nodes.len());
    let mut roots: Vec<usize> = (0..nodes.len())
        .filter(|&i| parent(&nodes[i]).is_none_or(|p| !ids.contains(&p)))
        .collect();
    roots.sort_by_key(|&i| key(&nodes[i]));
    let mut stack: Vec<(usize, usize)> = roots.into_iter().rev().map(|i| (i, 0)).collect();
    let mut visited = HashSet::new();
    while let Some((index, depth)) = stack.pop() {
        if !visited.insert(index) {
            continue;
        }
        order.push((index, depth));
        let this = id(&nodes[index]);
        let mut children: Vec<usize> = (0..nodes.len())
            .filter(|&i| parent(&nodes[i]) == Some(this))
            .collect();
        children.sort_by_key(|&i| key(&nodes[i]));
        stack.extend(children.into_iter().rev().map(|i| (i, depth + 1)));
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn lookup(edges: &[(i64, i64)]) -> impl Fn(i64) -> Option<i64> + '_ {
        move |n| edges.iter().find(|(c, _)| *c == n).map(|(_, p)| *p)
    }

    #[test]
    fn moving_a_node_under_its_own_descendant_is_a_cycle() {
        // 1 <- 2 <- 3
        let edges = [(2, 1), (3, 2)];
        assert!(would_create_cycle(1, Some(3), lookup(&edges)));
        assert!(would_create_cycle(1, Some(1), lookup(&edges)));
        assert!(!would_create_cycle(3, Some(1), lookup(&edges)));
        assert!(!would_create_cycle(2, None, lookup(&edges)));
    }

    #[test]
    fn depth_first_lists_children_under_their_parent() {
        let nodes = vec![
            (1, None, "b"),
            (2, Some(1), "z"),
            (3, Some(1), "a"),
            (4, None, "a"),
        ];
        let order = depth_first(&nodes, |n| n.0, |n| n.1, |n| n.2);
        let ids: Vec<(i64, usize)> = order.iter().map(|&(i, d)| (nodes[i].0, d)).collect();
        assert_eq!(ids, vec![(4, 0), (1, 0), (3, 1), (2, 1)]);
    }

    proptest! {
        /// In any forest (parent index below the child's), moving a node under
        /// one of its descendants is refused, and under anything else accepted.
        #[test]
        fn cycle_check_agrees_with_descendant_sets(
            parents in proptest::collection::vec(proptest::option::of(0usize..100), 1..40),
            node in 0usize..40,
            target in 0usize..40,
        ) {
            let n = parents.len();
            let node = (node % n) as i64;
            let target = (target % n) as i64;
            let map: HashMap<i64, i64> = parents.iter().enumerate()
                .filter_map(|(i, p)| p.filter(|&p| p < i).map(|p| (i as i64, p as i64)))
                .collect();
            let is_descendant_or_self = {
                let mut cursor = Some(target);
                let mut found = false;
                while let Some(c) = cursor {
                    if c == node { found = true; break; }
                    cursor = map.get(&c).copied();
                }
                found
            };
            prop_assert_eq!(
                would_create_cycle(node, Some(target), |x| map.get(&x).copied()),
                is_descendant_or_self
            );
        }
    }
}
