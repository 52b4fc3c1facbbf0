#pragma once
// Whether a phone number can receive an SMS. SMS to a duty-room landline is accepted by some
// gateways and then lost, so gridgate asks libphonenumber (the numbering plan, not a regex) and
// sends text messages only to numbers it says are mobile.

#include <string>
#include <string_view>

namespace gg {

// Returns true if s (digits with optional '-', ' ' or a +86 prefix) is a valid mainland China
// mobile number by libphonenumber's metadata; false for landlines, service numbers and garbage.
bool isMobileNumber(std::string_view s);

// Returns the mobile number in national form ("13812345678") for SMS, or "" if s is not one.
std::string mobileForSms(std::string_view s);

}  // namespace gg
