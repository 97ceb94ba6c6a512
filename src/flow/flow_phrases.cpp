#include "flow/flow_phrases.hpp"

namespace callwerk::flow {

namespace {

struct Wording {
  std::string_view voice;
  std::string_view chat;  // empty: the same as voice
};

Wording german(Phrase which) {
  switch (which) {
    case Phrase::no_input:
      return {"Entschuldigung, ich habe keine Eingabe erhalten.",
              "Sind Sie noch da? Ich habe noch keine Antwort von Ihnen bekommen."};
    case Phrase::no_match:
      return {"Entschuldigung, das habe ich leider nicht verstanden.",
              "Das habe ich leider nicht verstanden."};
    case Phrase::confirm:
      return {
          "Sie haben {{value}} eingegeben. Ist das richtig? Dann drücken Sie bitte die 1, "
          "sonst die 2.",
          "Sie haben {{value}} angegeben. Ist das richtig?"};
    case Phrase::confirm_again:
      return {"Bitte drücken Sie die 1 für Ja oder die 2 für Nein.",
              "Bitte antworten Sie mit Ja oder Nein."};
    case Phrase::ask_again:
      return {"Gut, dann versuchen wir es noch einmal.", ""};
    case Phrase::transfer:
      return {
          "Einen Moment bitte, ich verbinde Sie mit einer Mitarbeiterin oder einem "
          "Mitarbeiter.",
          "Einen Moment bitte, ich leite Sie an eine Mitarbeiterin oder einen Mitarbeiter "
          "weiter."};
    case Phrase::goodbye:
      return {"Vielen Dank für Ihren Anruf. Auf Wiederhören!",
              "Vielen Dank für Ihre Nachricht. Auf Wiedersehen!"};
    case Phrase::max_retries:
      return {
          "Leider kann ich Ihr Anliegen gerade nicht aufnehmen. Bitte rufen Sie später noch "
          "einmal an. Auf Wiederhören!",
          "Leider kann ich Ihr Anliegen gerade nicht aufnehmen. Bitte versuchen Sie es später "
          "noch einmal."};
    case Phrase::technical_error:
      return {
          "Entschuldigung, bei uns ist gerade ein technischer Fehler aufgetreten. Bitte "
          "versuchen Sie es später noch einmal. Auf Wiederhören!",
          "Entschuldigung, bei uns ist gerade ein technischer Fehler aufgetreten. Bitte "
          "versuchen Sie es später noch einmal."};
    case Phrase::customer_number_prompt:
      return {
          "Bitte geben Sie Ihre Kundennummer über die Tastatur Ihres Telefons ein und "
          "schließen Sie mit der Rautetaste ab.",
          "Wie lautet Ihre Kundennummer?"};
    case Phrase::postcode_prompt:
      return {"Bitte geben Sie die fünfstellige Postleitzahl Ihrer Anschrift ein.",
              "Wie lautet die Postleitzahl Ihrer Anschrift?"};
    case Phrase::name_prompt:
      return {"Bitte nennen Sie mir Ihren Nachnamen.", "Wie lautet Ihr Nachname?"};
    case Phrase::contact_not_found:
      return {"Unter dieser Angabe habe ich Sie leider nicht gefunden.", ""};
    case Phrase::callback_number_prompt:
      return {
          "Unter welcher Nummer dürfen wir Sie zurückrufen? Bitte geben Sie die Nummer mit "
          "Vorwahl ein und schließen Sie mit der Rautetaste ab.",
          "Unter welcher Telefonnummer dürfen wir Sie zurückrufen?"};
    case Phrase::callback_invalid_number:
      return {"Diese Telefonnummer ist leider unvollständig.",
              "Diese Telefonnummer ist leider unvollständig. Bitte geben Sie sie mit Vorwahl "
              "an."};
    case Phrase::callback_confirmed:
      return {"Vielen Dank. Wir rufen Sie {{rueckruf.zeit}} zurück.", ""};
    case Phrase::callback_confirmed_asap:
      return {"Vielen Dank. Wir rufen Sie so bald wie möglich zurück.", ""};
    case Phrase::callback_failed:
      return {"Leider konnte ich den Rückruf gerade nicht einplanen.", ""};
    case Phrase::yes:
      return {"Ja", ""};
    case Phrase::no:
      return {"Nein", ""};
  }
  return {"", ""};
}

Wording english(Phrase which) {
  switch (which) {
    case Phrase::no_input:
      return {"Sorry, I did not receive any input.",
              "Are you still there? I have not heard back from you yet."};
    case Phrase::no_match:
      return {"Sorry, I did not understand that.", ""};
    case Phrase::confirm:
      return {"You entered {{value}}. Is that correct? Then please press 1, otherwise 2.",
              "You entered {{value}}. Is that correct?"};
    case Phrase::confirm_again:
      return {"Please press 1 for yes or 2 for no.", "Please answer yes or no."};
    case Phrase::ask_again:
      return {"All right, let's try again.", ""};
    case Phrase::transfer:
      return {"One moment please, I am connecting you to one of our team.",
              "One moment please, I am passing you on to one of our team."};
    case Phrase::goodbye:
      return {"Thank you for calling. Goodbye!", "Thank you for your message. Goodbye!"};
    case Phrase::max_retries:
      return {
          "Unfortunately I cannot take your request right now. Please call again later. "
          "Goodbye!",
          "Unfortunately I cannot take your request right now. Please try again later."};
    case Phrase::technical_error:
      return {"Sorry, a technical error has occurred. Please try again later. Goodbye!",
              "Sorry, a technical error has occurred. Please try again later."};
    case Phrase::customer_number_prompt:
      return {
          "Please enter your customer number on your phone's keypad, followed by the hash "
          "key.",
          "What is your customer number?"};
    case Phrase::postcode_prompt:
      return {"Please enter the five-digit postcode of your address.",
              "What is the postcode of your address?"};
    case Phrase::name_prompt:
      return {"Please tell me your surname.", "What is your surname?"};
    case Phrase::contact_not_found:
      return {"Sorry, I could not find you with that information.", ""};
    case Phrase::callback_number_prompt:
      return {
          "Which number may we call you back on? Please enter it with the area code, "
          "followed by the hash key.",
          "Which phone number may we call you back on?"};
    case Phrase::callback_invalid_number:
      return {"Sorry, that phone number is incomplete.",
              "Sorry, that phone number is incomplete. Please include the area code."};
    case Phrase::callback_confirmed:
      return {"Thank you. We will call you back {{rueckruf.zeit}}.", ""};
    case Phrase::callback_confirmed_asap:
      return {"Thank you. We will call you back as soon as possible.", ""};
    case Phrase::callback_failed:
      return {"Sorry, I could not schedule the call back just now.", ""};
    case Phrase::yes:
      return {"Yes", ""};
    case Phrase::no:
      return {"No", ""};
  }
  return {"", ""};
}

}  // namespace

std::string_view phrase(Phrase which, std::string_view language, Channel channel) {
  const Wording wording = language == "en" ? english(which) : german(which);
  if (channel == Channel::chat && !wording.chat.empty()) return wording.chat;
  return wording.voice;
}

}  // namespace callwerk::flow
