//! Which channels a register listing covers.

use crate::channel::{Channel, ChannelSet};
use crate::register::Register;

/// Whether a listing on `register` with `listed` channels covers a contact on `channel`.
///
/// Robinsonlisten is a marking in the CPR, not a choice of channels: markedsføringsloven § 10
/// stk. 4 forbids approaching a listed person by any means of distance communication, so a
/// listing covers every channel the register governs (telephone and addressed post), whatever
/// channels an older import stored with it. The § 4 product exceptions of forbrugeraftaleloven
/// lift the telephone-sales ban only, never this.
pub(super) fn covers(register: Register, listed: ChannelSet, channel: Channel) -> bool {
    match register {
        Register::Robinsonlisten => register.channels().contains(channel),
        Register::NixTelefon | Register::Reservasjonsregisteret => listed.contains(channel),
    }
}
