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

/// Parses `a/b/*/**/@c` (checked by `taxii_messages::query::check_stix_expression`);
/// `None` when malformed or longer than [`MAX_NODES`].
pub(crate) fn parse(expr: &str) -> Option<Vec<Node>> {
    let expr = expr.trim();
    if expr.is_empty() || taxii_messages::query::check_stix_expression(expr).is_err() {
        return None;
    }
    let nodes: Vec<Node> = expr
        .split('/')
        .map(|n| match n {
            "*" => Node::Any,
            "**" => Node::AnyPath,
            n => Node::Name(n.to_owned()),
        })
        .collect();
    (nodes.len() <= MAX_NODES).then_some(nodes)
}

/// Whether `pattern` matches the path whose i-th node `fits(p, i)` tests against a
/// pattern node `p`; `AnyPath` consumes one or more path nodes. `wild(i)` says whether
/// path node `i` is itself a `**` (which only `**` covers).
fn glob(
    pattern: &[Node],
    len: usize,
    fits: impl Fn(&Node, usize) -> bool,
    wild: impl Fn(usize) -> bool,
) -> bool {
    let (n, k) = (pattern.len(), len);
    // m[i * (k + 1) + j]: pattern[i..] matches path[j..]
    let w = k + 1;
    let mut m = vec![false; (n + 1) * w];
    m[n * w + k] = true;
    for i in (0..n).rev() {
        for j in (0..k).rev() {
            m[i * w + j] = match &pattern[i] {
                Node::AnyPath => m[(i + 1) * w + j + 1] || m[i * w + j + 1],
                Node::Any => !wild(j) && m[(i + 1) * w + j + 1],
                p => fits(p, j) && m[(i + 1) * w + j + 1],
            };
        }
    }
    m[0]
}

/// Whether `pattern` matches the concrete path `names` (root first).
pub(crate) fn matches(pattern: &[Node], names: &[&str]) -> bool {
    // cheap rejection: a named last node must name the path's last node
    if let (Some(Node::Name(a)), Some(b)) = (pattern.last(), names.last()) {
        if a != b {
            return false;
        }
    }
    glob(
        pattern,
        names.len(),
        |p, j| matches!(p, Node::Name(a) if a == names[j]),
        |_| false,
    )
}

/// Whether `scope` covers `target`: it matches the target or one of its ancestors (a
/// scope names a subtree, TE-5); wildcards in the target must be covered by wildcards.
pub(crate) fn covers(scope: &[Node], target: &[Node]) -> bool {
    (1..=target.len()).any(|len| {
        let t = &target[..len];
        glob(
            scope,
            len,
            |p, j| matches!((p, &t[j]), (Node::Name(a), Node::Name(b)) if a == b),
            |j| t[j] == Node::AnyPath,
        )
    })
}
