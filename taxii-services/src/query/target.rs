//! Targeting expressions: slash-separated nodes with `*` and `**` wildcards (TE-1..TE-5).

/// One node of a targeting expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    /// An element local name, or `@name` for an attribute.
    Name(String),
    /// `*`: exactly one node.
    Any,
    /// `**`: one or more nodes.
    AnyPath,
}

/// The most nodes a targeting expression may have.
pub(crate) const MAX_NODES: usize = 64;

/// Parses `a/b/*/**/@c`; `None` when empty, a node is empty or there are too many nodes.
pub(crate) fn parse(expr: &str) -> Option<Vec<Node>> {
    let expr = expr.trim();
    if expr.is_empty() {
        return None;
    }
    let nodes: Vec<Node> = expr
        .split('/')
        .map(|n| match n {
            "*" => Some(Node::Any),
            "**" => Some(Node::AnyPath),
            "" => None,
            n if n.chars().any(char::is_whitespace) => None,
            n => Some(Node::Name(n.to_owned())),
        })
        .collect::<Option<_>>()?;
    (nodes.len() <= MAX_NODES).then_some(nodes)
}

/// Whether `pattern` matches `path`, where `path` may itself hold wildcards (then the
/// pattern must cover them: `*` by `*` or `**`, `**` only by `**`).
pub(crate) fn matches(pattern: &[Node], path: &[Node]) -> bool {
    // m[i][j]: pattern[i..] matches path[j..]
    let (n, k) = (pattern.len(), path.len());
    let mut m = vec![vec![false; k + 1]; n + 1];
    m[n][k] = true;
    for i in (0..n).rev() {
        for j in (0..k).rev() {
            m[i][j] = match &pattern[i] {
                Node::Name(a) => matches!(&path[j], Node::Name(b) if a == b) && m[i + 1][j + 1],
                Node::Any => !matches!(path[j], Node::AnyPath) && m[i + 1][j + 1],
                // consume path[j], then either stop here or keep consuming
                Node::AnyPath => m[i + 1][j + 1] || m[i][j + 1],
            };
        }
    }
    m[0][0]
}

/// Whether `scope` covers `target`: it matches the target or one of its ancestors
/// (a scope names a subtree, TE-5).
pub(crate) fn covers(scope: &[Node], target: &[Node]) -> bool {
    (1..=target.len()).any(|len| matches(scope, &target[..len]))
}
