#include "core/phone_kind.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

namespace gg {

std::string mobileForSms(std::string_view s) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  // Bounded before parsing: a config value or an SMS "from" is never this long.
  if (s.empty() || s.size() > 32) return "";
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util->Parse(std::string(s), "CN", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return "";
  if (number.country_code() != 86 || !util->IsValidNumber(number)) return "";
  if (util->GetNumberType(number) != PhoneNumberUtil::MOBILE) return "";
  std::string national;
  util->GetNationalSignificantNumber(number, &national);
  return national;
}

bool isMobileNumber(std::string_view s) { return !mobileForSms(s).empty(); }

}  // namespace gg
