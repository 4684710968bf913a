//! Who may do what: the accounts' `read` and `write` lists as a `taxii-services` policy.
//! With no accounts configured the server is open (and listens on loopback only).

use std::collections::HashMap;

use taxii_messages::Uri;
use taxii_services::config::ServiceDefinition;
use taxii_services::store::{Decision, Operation, Policy, Quotas};
use taxii_services::Identity;

use crate::config::Account;

/// The accounts' permissions.
#[derive(Debug, Clone)]
pub struct AccountPolicy {
    open: bool,
    accounts: HashMap<String, Account>,
    private_destinations: bool,
    quotas: Quotas,
}

impl AccountPolicy {
    /// The policy of these accounts (none: everyone may do everything).
    pub fn new(accounts: &[Account]) -> Self {
        AccountPolicy {
            open: accounts.is_empty(),
            accounts: accounts
                .iter()
                .map(|a| (a.username.clone(), a.clone()))
                .collect(),
            private_destinations: false,
            quotas: Quotas::default(),
        }
    }

    /// Per-account store quotas.
    pub fn with_quotas(mut self, quotas: Quotas) -> Self {
        self.quotas = quotas;
        self
    }

    /// Lets pushes go to loopback, private and link-local addresses.
    pub fn with_private_destinations(mut self, allow: bool) -> Self {
        self.private_destinations = allow;
        self
    }
}

impl Policy for AccountPolicy {
    fn authorize(&self, who: &Identity, op: Operation, collection: &Uri) -> Decision {
        if self.open {
            return Decision::Allow;
        }
        let Some(account) = who.name().and_then(|n| self.accounts.get(n)) else {
            return Decision::Unauthorized;
        };
        let allowed = match op {
            Operation::Write => account.may_write(collection.as_str()),
            _ => account.may_read(collection.as_str()),
        };
        if allowed {
            Decision::Allow
        } else {
            Decision::Deny(format!(
                "account {} has no such right on {collection}",
                account.username
            ))
        }
    }

    fn allow_private_destinations(&self, _who: &Identity) -> bool {
        self.private_destinations
    }

    fn quotas(&self, _who: &Identity) -> Quotas {
        self.quotas
    }

    fn may_use_service(&self, who: &Identity, _service: &ServiceDefinition) -> Decision {
        if self.open || who.name().is_some_and(|n| self.accounts.contains_key(n)) {
            Decision::Allow
        } else {
            Decision::Unauthorized
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rights_follow_the_account_lists() {
        let a = Account {
            username: "reader".into(),
            password_hash: None,
            token_sha256: Some("00".into()),
            cert_sha256: None,
            read: vec!["default".into()],
            write: vec![],
        };
        let p = AccountPolicy::new(&[a]);
        let default = Uri::new("default").unwrap();
        let reader = Identity::user("reader");
        assert_eq!(
            p.authorize(&reader, Operation::Read, &default),
            Decision::Allow
        );
        assert!(matches!(
            p.authorize(&reader, Operation::Write, &default),
            Decision::Deny(_)
        ));
        assert_eq!(
            p.authorize(&Identity::Anonymous, Operation::Read, &default),
            Decision::Unauthorized
        );
        assert!(AccountPolicy::new(&[])
            .authorize(&Identity::Anonymous, Operation::Write, &default)
            .is_allowed());
    }
}
