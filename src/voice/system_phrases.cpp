#include "voice/system_phrases.hpp"

namespace callwerk::voice {

bool is_english(std::string_view language) {
  return language == "en" || language.starts_with("en-") || language.starts_with("en_");
}

std::string_view system_phrase(Phrase phrase, std::string_view language) {
  const bool en = is_english(language);
  switch (phrase) {
    case Phrase::hold_notice:
      return en ? "Please hold the line. We will be right back with you."
                : "Bitte bleiben Sie am Apparat. Es geht gleich weiter.";
    case Phrase::transfer_notice:
      return en ? "I am transferring your call. One moment, please."
                : "Ich verbinde Sie weiter. Einen Moment bitte.";
    case Phrase::callback_instead:
      return en ? "Unfortunately nobody is free at the moment. We will call you back on your "
                  "number as soon as an agent is free. You keep your place in the queue. Goodbye."
                : "Leider ist im Moment niemand frei. Wir rufen Sie unter Ihrer Rufnummer "
                  "zurück, sobald eine Mitarbeiterin oder ein Mitarbeiter frei ist. Ihr Platz in "
                  "der Warteschlange bleibt erhalten. Auf Wiederhören.";
    case Phrase::callback_confirmed:
      return en ? "Thank you. We will call you back on your number as soon as an agent is free. "
                  "You keep your place in the queue. Goodbye."
                : "Vielen Dank. Wir rufen Sie unter Ihrer Rufnummer zurück, sobald eine "
                  "Mitarbeiterin oder ein Mitarbeiter frei ist. Ihr Platz in der Warteschlange "
                  "bleibt erhalten. Auf Wiederhören.";
    case Phrase::voicemail_greeting:
      return en ? "Unfortunately nobody is free at the moment. Please leave a message after the "
                  "tone. Press the hash key to end the recording."
                : "Leider ist im Moment niemand frei. Bitte hinterlassen Sie nach dem Ton eine "
                  "Nachricht. Mit der Raute-Taste beenden Sie die Aufnahme.";
    case Phrase::voicemail_thanks:
      return en ? "Thank you for your message. We will get back to you. Goodbye."
                : "Vielen Dank für Ihre Nachricht. Wir melden uns bei Ihnen. Auf Wiederhören.";
    case Phrase::callback_agent_notice:
      return en ? "Call back. The customer is being called now."
                : "Rückruf. Die Kundin oder der Kunde wird jetzt angerufen.";
  }
  return {};
}

MenuDefaultTexts menu_default_texts(std::string_view language) {
  if (is_english(language))
    return {.no_input = "Sorry, I did not receive any input.",
            .invalid = "Sorry, that is not one of the choices.",
            .goodbye = "Thank you for calling. Goodbye.",
            .transfer_failed =
                "Unfortunately nobody can take your call at the moment. Please try "
                "again later.",
            .recording_notice =
                "This call is recorded for quality purposes. If you do not "
                "agree, please hang up now."};
  return {.no_input = "Ich habe leider keine Eingabe erhalten.",
          .invalid = "Diese Auswahl gibt es leider nicht.",
          .goodbye = "Vielen Dank für Ihren Anruf. Auf Wiederhören.",
          .transfer_failed =
              "Leider ist im Moment niemand erreichbar. Bitte versuchen Sie es später noch einmal.",
          .recording_notice =
              "Zur Qualitätssicherung wird dieses Gespräch aufgezeichnet. Wenn "
              "Sie nicht einverstanden sind, legen Sie bitte jetzt auf."};
}

}  // namespace callwerk::voice
