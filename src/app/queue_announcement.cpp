#include "app/queue_announcement.hpp"

#include <fmt/format.h>

#include "voice/system_phrases.hpp"

namespace callwerk::app {

namespace {

std::string place(std::size_t position, bool en) {
  if (position <= 1) return en ? "You are next in line." : "Sie sind als Nächstes an der Reihe.";
  if (position == 2)
    return en ? "There is one caller ahead of you." : "Vor Ihnen wartet noch eine Person.";
  if (en) return fmt::format("There are {} callers ahead of you.", position - 1);
  return fmt::format("Vor Ihnen warten noch {} Personen.", position - 1);
}

std::string wait(std::int64_t seconds, bool en) {
  if (seconds < 60)
    return en ? "The expected waiting time is less than a minute."
              : "Die voraussichtliche Wartezeit beträgt weniger als eine Minute.";
  // Rounded to the nearest minute: "etwa 2 Minuten" for 1:40 to 2:29.
  const std::int64_t minutes = (seconds + 30) / 60;
  if (en)
    return fmt::format("The expected waiting time is about {} {}.", minutes,
                       minutes == 1 ? "minute" : "minutes");
  return fmt::format("Die voraussichtliche Wartezeit beträgt etwa {} {}.", minutes,
                     minutes == 1 ? "Minute" : "Minuten");
}

}  // namespace

std::string queue_announcement(std::size_t position, std::optional<std::int64_t> wait_seconds,
                               bool first, std::optional<char> callback_key,
                               std::string_view language) {
  const bool en = voice::is_english(language);
  std::string text;
  if (first)
    text = en ? "All our agents are busy at the moment. "
              : "Alle unsere Mitarbeiterinnen und Mitarbeiter sind gerade im Gespräch. ";
  text += place(position, en);
  if (wait_seconds) text += " " + wait(*wait_seconds, en);
  if (first) text += en ? " Please stay on the line." : " Bitte bleiben Sie am Apparat.";
  if (callback_key && en)
    text += fmt::format(
        " If you would rather be called back, press {}. You keep your place in the queue.",
        *callback_key);
  else if (callback_key)
    text += fmt::format(
        " Wenn wir Sie lieber zurückrufen sollen, drücken Sie die {}. Ihr Platz in der "
        "Warteschlange bleibt dabei erhalten.",
        *callback_key);
  return text;
}

}  // namespace callwerk::app
