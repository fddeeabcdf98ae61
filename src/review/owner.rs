//! Whose computer this is: chosen once, handed over only on purpose (and recorded), never
//! changed in a team, where a device acts as the person it was admitted for.

use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::store::{write::val, Source};
use crate::workspace::Workspace;

impl Workspace {
    /// Records who uses this device, once: a computer belongs to one person, and every
    /// write and approval made on it carries that person. Choosing again is refused while
    /// the chosen person is still with the company (a lead cannot become a second reviewer
    /// by picking another name); [`Workspace::hand_over_device`] is the deliberate way to
    /// give the computer to someone else. In a team the device acts as the person it was
    /// admitted for and this is refused.
    pub fn set_me(&mut self, source: Source, person: PersonId) -> Result<()> {
        let chosen = crate::roster::person(self.store().conn(), self.today()?, person)?;
        if self.in_team()? {
            return Err(Error::refused(
                crate::Rule::DeviceBound,
                "me",
                "In a team this computer acts as the person it was admitted for; it cannot be changed here.",
            ));
        }
        if let Some(current) = self.me()? {
            if current == person {
                return Ok(());
            }
            let owner = crate::roster::person(self.store().conn(), self.today()?, current)?;
            if owner.input.active {
                return Err(Error::refused(
                    crate::Rule::DeviceOwned,
                    "me",
                    format!(
                        "This computer already belongs to {}. To give it to {}, hand it over (Settings, or `tsunagu whoami --hand-over NAME`); the change is recorded.",
                        owner.input.name, chosen.input.name
                    ),
                ));
            }
        }
        self.record_owner(source, None, person)
    }

    /// Gives this computer to another person (a new lead, a colleague taking over): recorded
    /// in the change log with the previous owner as its author, so the audit shows who handed
    /// it to whom and when. Refused in a team.
    pub fn hand_over_device(&mut self, source: Source, person: PersonId) -> Result<()> {
        crate::roster::person(self.store().conn(), self.today()?, person)?;
        if self.in_team()? {
            return Err(Error::refused(
                crate::Rule::DeviceBound,
                "me",
                "In a team this computer acts as the person it was admitted for; it cannot be handed over. Remove the device from the team and admit the new person's own.",
            ));
        }
        let previous = self.me()?;
        if previous == Some(person) {
            return Ok(());
        }
        self.record_owner(source, previous, person)
    }

    fn record_owner(
        &mut self,
        source: Source,
        by: Option<PersonId>,
        person: PersonId,
    ) -> Result<()> {
        let device = self.device();
        let ctx = self.ctx(by.or(Some(person)), source);
        self.store_mut().write(&ctx, |w| {
            w.update(
                "devices",
                &[("id", val::text(device.as_string()))],
                &[("person_id", val::text(person.as_string()))],
            )
        })
    }
}
