#pragma once
// Opinion watch (舆情预警) storage: the flagged group messages it counted and the alerts it raised.
// An alert is open while cleared_at == 0; it is cleared once a whole window passes after its last
// counted message, so a group that keeps boiling gets one alert, not one per message.

#include <optional>
#include <string>
#include <vector>

#include "core/channel.h"
#include "core/clock.h"
#include "core/result.h"

namespace gg {

struct AlertRecord {
  int64_t id = 0;
  std::string community_id;
  Channel channel = Channel::kNone;
  std::string group_id;
  std::string grid_id;
  std::string kind = "opinion";  // opinion
  Millis opened_at = 0;
  Millis cleared_at = 0;         // 0 = still open
  Millis last_event_at = 0;      // newest counted message
  int negative_count = 0;        // flagged messages in the window when last updated
  int residents = 0;             // distinct senders among them
  int escalations = 0;           // messages threatening 12345 / the media
  std::string subject;           // the intent most residents were on
  std::string summary;           // human-readable, as sent to the community
  int64_t outbox_id = 0;         // the notification to the community contact
};

struct OpinionEvent {
  int64_t id = 0;
  int64_t message_id = 0;  // messages.id; 0 = not tied to a stored message
  Channel channel = Channel::kNone;
  std::string group_id;
  std::string community_id;
  std::string grid_id;
  std::string sender_id;
  std::string subject;  // intent id; may be empty
  bool negative = false;
  bool complaint = false;
  bool escalation = false;
  Millis at = 0;
};

// Counts over one group's flagged messages (negative, complaint or escalation) in a window.
struct OpinionWindowStats {
  int flagged = 0;
  int residents = 0;  // distinct senders among the flagged messages
  int escalations = 0;
  std::string top_subject;  // subject with the most distinct flagged senders; "" if none
  int top_subject_residents = 0;
  Millis last_at = 0;
};

class AlertRepo {
 public:
  virtual ~AlertRepo() = default;
  // Stores an event. Returns false (and changes nothing) if message_id was already recorded.
  virtual Result<bool> recordEvent(const OpinionEvent& e) = 0;
  // Returns the flagged-message counts of group (channel, group_id) with at in [from, to].
  virtual Result<OpinionWindowStats> groupStats(Channel channel,
                                                const std::string& group_id, Millis from,
                                                Millis to) = 0;
  // Returns the events of a community with at in [from, to), oldest first.
  virtual Result<std::vector<OpinionEvent>> communityEvents(const std::string& community_id,
                                                            Millis from, Millis to) = 0;
  // Returns the open (not cleared) alert of a group, or nullopt.
  virtual Result<std::optional<AlertRecord>> openAlert(Channel channel,
                                                       const std::string& group_id) = 0;
  // Inserts an alert and returns its id.
  virtual Result<int64_t> insert(const AlertRecord& a) = 0;
  // Overwrites every mutable field of alert a.id; NotFound if there is none.
  virtual Status update(const AlertRecord& a) = 0;
  virtual Result<std::optional<AlertRecord>> get(int64_t id) = 0;
  // Clears open alerts whose last event is at least `window` before now (cleared_at =
  // last_event_at + window). Returns how many were cleared.
  virtual Result<int> clearStale(Millis now, Millis window) = 0;
  // Lists alerts newest first; community_id empty = all; open_only = cleared_at == 0.
  virtual Result<std::vector<AlertRecord>> list(const std::string& community_id, bool open_only,
                                                int limit, int offset) = 0;
};

}  // namespace gg
