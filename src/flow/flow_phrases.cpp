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
    case Phrase::transfer_failed:
      return {
          "Leider ist im Moment niemand erreichbar. Bitte versuchen Sie es später noch einmal. "
          "Auf Wiederhören.",
          "Leider ist im Moment niemand erreichbar. Bitte versuchen Sie es später noch einmal."};
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
    case Phrase::choice_first:
      return {"Für {} drücken Sie die {}", "{} ({})"};
    case Phrase::choice_next:
      return {", für {} die {}", ", {} ({})"};
    case Phrase::kb_question_prompt:
      return {"Bitte nennen Sie mir Ihre Frage.",
              "Was möchten Sie wissen? Schreiben Sie mir Ihre Frage einfach in ein paar Worten."};
    case Phrase::kb_helped:
      return {"Konnte ich Ihnen damit helfen? Dann drücken Sie bitte die 1, sonst die 2.",
              "Konnte ich Ihnen damit helfen?"};
    case Phrase::kb_not_found:
      return {"Dazu habe ich leider keine passende Auskunft gefunden.", ""};
    case Phrase::menu_kb_intro:
      return {"Dazu habe ich in unserer Wissensdatenbank gefunden:", ""};
    case Phrase::menu_kb_after:
      return {"Wenn Ihnen das nicht weiterhilft, wählen Sie bitte eine der Möglichkeiten.", ""};
    case Phrase::order_product_prompt:
      return {"Welches Produkt möchten Sie bestellen?",
              "Welches Produkt möchten Sie bestellen? Schreiben Sie den Namen oder die Nummer "
              "aus der Liste."};
    case Phrase::order_product_more:
      return {"Für weitere Produkte drücken Sie die 9.",
              "Mit „weitere“ zeige ich Ihnen weitere Produkte."};
    case Phrase::order_sku_hint:
      return {
          "Wenn Sie die Artikelnummer kennen, können Sie sie auch eingeben und mit der "
          "Rautetaste abschließen.",
          ""};
    case Phrase::order_several_found:
      return {"Dazu habe ich mehrere Produkte gefunden.",
              "Dazu habe ich mehrere Produkte gefunden. Welches meinen Sie?"};
    case Phrase::order_product_unknown:
      return {"Bitte drücken Sie eine der genannten Tasten.",
              "Dieses Produkt habe ich leider nicht im Angebot. Bitte wählen Sie aus der Liste."};
    case Phrase::order_quantity_prompt:
      return {
          "Wie viele {} möchten Sie? Bitte geben Sie die Anzahl ein und schließen Sie mit der "
          "Rautetaste ab.",
          "Wie viele {} möchten Sie?"};
    case Phrase::order_street_prompt:
      return {"An welche Straße und Hausnummer dürfen wir liefern?", ""};
    case Phrase::order_postcode_prompt:
      return {"Bitte geben Sie die fünfstellige Postleitzahl der Lieferanschrift ein.",
              "Und wie lauten Postleitzahl und Ort?"};
    case Phrase::order_address_invalid:
      return {"Die Postleitzahl hat fünf Ziffern.",
              "Bitte nennen Sie die fünfstellige Postleitzahl und den Ort, zum Beispiel "
              "„65343 Eltville“."};
    case Phrase::order_readback:
      return {"{} {} zu je {}, zusammen {}.", ""};
    case Phrase::order_readback_single:
      return {"{} zu {}.", ""};
    case Phrase::order_delivery:
      return {"Wir liefern an {}.", ""};
    case Phrase::order_confirm:
      return {"Soll ich die Bestellung so aufgeben? Dann drücken Sie bitte die 1, sonst die 2.",
              "Soll ich die Bestellung so aufgeben?"};
    case Phrase::order_cancelled:
      return {"In Ordnung, ich habe die Bestellung nicht aufgegeben.", ""};
    case Phrase::order_created:
      return {"Vielen Dank, Ihre Bestellung ist aufgenommen. Ihre Bestellnummer lautet {}.", ""};
    case Phrase::order_failed:
      return {"Entschuldigung, Ihre Bestellung konnte ich gerade nicht aufnehmen.", ""};
    case Phrase::order_unavailable:
      return {"Bestellungen kann ich gerade leider nicht entgegennehmen.", ""};
    case Phrase::complaint_category_prompt:
      return {"Worum geht es bei Ihrer Reklamation?", ""};
    case Phrase::complaint_order_prompt:
      return {
          "Wenn es um eine Bestellung geht, geben Sie bitte die Bestellnummer ein und "
          "schließen Sie mit der Rautetaste ab. Sonst drücken Sie nur die Rautetaste.",
          "Um welche Bestellung geht es? Bitte nennen Sie die Bestellnummer, oder schreiben "
          "Sie „keine“."};
    case Phrase::complaint_order_invalid:
      return {"Die Bestellnummer besteht nur aus Ziffern.",
              "Diese Bestellnummer kann ich nicht lesen. Sie besteht aus Buchstaben, Ziffern "
              "und Bindestrichen."};
    case Phrase::complaint_description_prompt:
      return {"Bitte beschreiben Sie kurz, was passiert ist.", ""};
    case Phrase::complaint_remedy_prompt:
      return {"Was wünschen Sie sich von uns?", ""};
    case Phrase::complaint_created:
      return {
          "Vielen Dank. Ihre Reklamation ist unter der Nummer {} aufgenommen. Wir melden uns "
          "bis {} bei Ihnen.",
          ""};
    case Phrase::complaint_created_sla:
      return {
          "Vielen Dank. Ihre Reklamation ist unter der Nummer {} aufgenommen. Wir melden uns "
          "innerhalb von {} Stunden bei Ihnen.",
          ""};
    case Phrase::complaint_failed:
      return {"Entschuldigung, Ihre Reklamation konnte ich gerade nicht aufnehmen.", ""};
    case Phrase::survey_multiple_hint:
      return {"Sie können mehrere Tasten nacheinander drücken und dann die Rautetaste.",
              "Sie können mehrere Antworten nennen, getrennt durch Komma."};
    case Phrase::survey_out_of_range:
      return {"Bitte geben Sie eine Zahl von {} bis {} ein.",
              "Bitte antworten Sie mit einer Zahl von {} bis {}."};
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
    case Phrase::transfer_failed:
      return {"Unfortunately nobody is available at the moment. Please try again later. Goodbye.",
              "Unfortunately nobody is available at the moment. Please try again later."};
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
    case Phrase::choice_first:
      return {"For {} press {}", "{} ({})"};
    case Phrase::choice_next:
      return {", for {} press {}", ", {} ({})"};
    case Phrase::kb_question_prompt:
      return {"Please tell me your question.", "What would you like to know?"};
    case Phrase::kb_helped:
      return {"Did that help you? Then please press 1, otherwise 2.", "Did that help you?"};
    case Phrase::kb_not_found:
      return {"Sorry, I could not find an answer to that.", ""};
    case Phrase::menu_kb_intro:
      return {"Here is what I found in our knowledge base:", ""};
    case Phrase::menu_kb_after:
      return {"If that does not help, please choose one of the options.", ""};
    case Phrase::order_product_prompt:
      return {"Which product would you like to order?",
              "Which product would you like to order? Write its name or its number in the "
              "list."};
    case Phrase::order_product_more:
      return {"For more products press 9.", "Write “more” to see more products."};
    case Phrase::order_sku_hint:
      return {"If you know the article number, you can enter it followed by the hash key.", ""};
    case Phrase::order_several_found:
      return {"I found several products.", "I found several products. Which one do you mean?"};
    case Phrase::order_product_unknown:
      return {"Please press one of the keys named.",
              "Sorry, we do not offer that product. Please choose from the list."};
    case Phrase::order_quantity_prompt:
      return {"How many {} would you like? Please enter the number followed by the hash key.",
              "How many {} would you like?"};
    case Phrase::order_street_prompt:
      return {"Which street and house number shall we deliver to?", ""};
    case Phrase::order_postcode_prompt:
      return {"Please enter the five-digit postcode of the delivery address.",
              "And the postcode and town?"};
    case Phrase::order_address_invalid:
      return {"The postcode has five digits.",
              "Please give the five-digit postcode and the town, for example “65343 Eltville”."};
    case Phrase::order_readback:
      return {"{} {} at {} each, {} in total.", ""};
    case Phrase::order_readback_single:
      return {"{} at {}.", ""};
    case Phrase::order_delivery:
      return {"We deliver to {}.", ""};
    case Phrase::order_confirm:
      return {"Shall I place the order? Then please press 1, otherwise 2.",
              "Shall I place the order?"};
    case Phrase::order_cancelled:
      return {"All right, I have not placed the order.", ""};
    case Phrase::order_created:
      return {"Thank you, your order has been placed. Your order number is {}.", ""};
    case Phrase::order_failed:
      return {"Sorry, I could not place your order just now.", ""};
    case Phrase::order_unavailable:
      return {"Sorry, I cannot take orders right now.", ""};
    case Phrase::complaint_category_prompt:
      return {"What is your complaint about?", ""};
    case Phrase::complaint_order_prompt:
      return {
          "If it concerns an order, please enter the order number followed by the hash key. "
          "Otherwise just press the hash key.",
          "Which order is it about? Please give the order number, or write “none”."};
    case Phrase::complaint_order_invalid:
      return {"The order number has digits only.",
              "I cannot read that order number. It has letters, digits and hyphens."};
    case Phrase::complaint_description_prompt:
      return {"Please describe briefly what happened.", ""};
    case Phrase::complaint_remedy_prompt:
      return {"What would you like us to do?", ""};
    case Phrase::complaint_created:
      return {
          "Thank you. Your complaint has been filed under number {}. We will get back to "
          "you by {}.",
          ""};
    case Phrase::complaint_created_sla:
      return {
          "Thank you. Your complaint has been filed under number {}. We will get back to "
          "you within {} hours.",
          ""};
    case Phrase::complaint_failed:
      return {"Sorry, I could not file your complaint just now.", ""};
    case Phrase::survey_multiple_hint:
      return {"You can press several keys one after the other, then the hash key.",
              "You can give several answers, separated by commas."};
    case Phrase::survey_out_of_range:
      return {"Please enter a number from {} to {}.", "Please answer with a number from {} to {}."};
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
