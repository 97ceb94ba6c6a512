#include "app/queue_announcement.hpp"

#include <fmt/format.h>

namespace callwerk::app {

namespace {

std::string place(std::size_t position) {
  if (position <= 1) return "Sie sind als Nächstes an der Reihe.";
  if (position == 2) return "Vor Ihnen wartet noch eine Person.";
  return fmt::format("Vor Ihnen warten noch {} Personen.", position - 1);
}

std::string wait(std::int64_t seconds) {
  if (seconds < 60) return "Die voraussichtliche Wartezeit beträgt weniger als eine Minute.";
  // Rounded to the nearest minute: "etwa 2 Minuten" for 1:40 to 2:29.
  const std::int64_t minutes = (seconds + 30) / 60;
  return fmt::format("Die voraussichtliche Wartezeit beträgt etwa {} {}.", minutes,
                     minutes == 1 ? "Minute" : "Minuten");
}

}  // namespace

std::string queue_announcement(std::size_t position, std::optional<std::int64_t> wait_seconds,
                               bool first, std::optional<char> callback_key) {
  std::string text;
  if (first) text = "Alle unsere Mitarbeiterinnen und Mitarbeiter sind gerade im Gespräch. ";
  text += place(position);
  if (wait_seconds) text += " " + wait(*wait_seconds);
  if (first) text += " Bitte bleiben Sie am Apparat.";
  if (callback_key)
    text += fmt::format(
        " Wenn wir Sie lieber zurückrufen sollen, drücken Sie die {}. Ihr Platz in der "
        "Warteschlange bleibt dabei erhalten.",
        *callback_key);
  return text;
}

}  // namespace callwerk::app
