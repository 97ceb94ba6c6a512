// All UI texts (German first, English second) and the locale-aware formatters.

const STORAGE_KEY = 'callwerk.lang';

const de = {
  'app.name': 'callwerk',
  'app.loading': 'Wird geladen …',
  'app.error': 'Fehler',
  'app.retry': 'Erneut versuchen',
  'app.back': 'Zurück',
  'app.save': 'Speichern',
  'app.saving': 'Wird gespeichert …',
  'app.saved': 'Gespeichert',
  'app.cancel': 'Abbrechen',
  'app.search': 'Suchen',
  'app.reset': 'Zurücksetzen',
  'app.all': 'Alle',
  'app.none': '—',
  'app.yes': 'ja',
  'app.no': 'nein',
  'app.empty': 'Keine Einträge gefunden.',
  'app.emptyFiltered': 'Keine Einträge passen zu den Filtern.',
  'app.notFound': 'Nicht gefunden. Der Eintrag existiert nicht oder Sie haben keinen Zugriff.',
  'app.forbidden': 'Für diese Ansicht fehlt Ihnen die Berechtigung.',
  'app.offline': 'Der Server ist nicht erreichbar.',
  'app.sessionExpired': 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
  'app.readOnly': 'Nur Lesezugriff',
  'app.skip': 'Zum Inhalt springen',
  'app.pageNotFound': 'Diese Seite gibt es nicht.',

  'login.title': 'Anmelden',
  'login.subtitle': 'Contact-Center',
  'login.username': 'Benutzername',
  'login.password': 'Passwort',
  'login.submit': 'Anmelden',
  'login.busy': 'Anmeldung läuft …',
  'login.failed': 'Benutzername oder Passwort ist falsch.',
  'login.tooMany': 'Zu viele Versuche. Bitte warten Sie {seconds} Sekunden und versuchen Sie es erneut.',
  'login.tooManyNoWait': 'Zu viele Versuche. Bitte warten Sie einige Minuten und versuchen Sie es erneut.',
  'login.missing': 'Bitte Benutzername und Passwort eingeben.',

  'shell.logout': 'Abmelden',
  'shell.language': 'Sprache',
  'shell.nav': 'Hauptnavigation',
  'shell.user': 'Angemeldet als {name}',
  'shell.live': 'Live',
  'shell.liveOff': 'Live getrennt',

  'nav.interactions': 'Interaktionen',
  'nav.contacts': 'Kontakte',
  'nav.orders': 'Bestellungen',
  'nav.tickets': 'Tickets',
  'nav.kb': 'Wissensbasis',

  'role.admin': 'Administrator',
  'role.supervisor': 'Teamleitung',
  'role.agent': 'Agent',
  'role.client-viewer': 'Auftraggeber (Lesezugriff)',

  'list.count': '{total} Einträge',
  'list.countOne': '1 Eintrag',
  'list.range': '{from}–{to} von {total}',
  'list.prev': 'Zurück',
  'list.next': 'Weiter',
  'list.page': 'Seite {page} von {pages}',

  'filter.from': 'Von',
  'filter.to': 'Bis',
  'filter.q': 'Freitext',
  'filter.qPlaceholder': 'Suchbegriff …',
  'filter.apply': 'Filtern',
  'filter.reset': 'Filter zurücksetzen',
  'filter.title': 'Filter',

  'ix.title': 'Interaktionen',
  'ix.started': 'Beginn',
  'ix.channel': 'Kanal',
  'ix.direction': 'Richtung',
  'ix.contact': 'Kontakt',
  'ix.remote': 'Rufnummer / Adresse',
  'ix.local': 'Angerufene Nummer',
  'ix.queue': 'Warteschlange',
  'ix.agent': 'Agent',
  'ix.duration': 'Dauer',
  'ix.endReason': 'Endegrund',
  'ix.disposition': 'Abschluss',
  'ix.subject': 'Betreff',
  'ix.answered': 'Angenommen',
  'ix.ended': 'Ende',
  'ix.wait': 'Wartezeit',
  'ix.notes': 'Notizen',
  'ix.new': 'neu',
  'ix.updated': 'geändert',
  'ix.liveNew': '{count} neue oder geänderte Interaktionen',
  'ix.liveRefresh': 'Liste aktualisieren',
  'ix.detailTitle': 'Interaktion #{id}',
  'ix.protocol': 'Protokoll',
  'ix.protocolEmpty': 'Für diese Interaktion sind keine Ereignisse protokolliert.',
  'ix.facts': 'Übersicht',
  'ix.addNote': 'Notiz hinzufügen',
  'ix.notePlaceholder': 'Notiz zum Gespräch …',
  'ix.noteSave': 'Notiz speichern',
  'ix.noteEmpty': 'Bitte einen Text eingeben.',
  'ix.noteSaved': 'Notiz gespeichert.',
  'ix.setDisposition': 'Abschluss setzen',
  'ix.dispositionSave': 'Abschluss speichern',
  'ix.dispositionSaved': 'Abschluss gespeichert.',
  'ix.dispositionChoose': 'Abschluss wählen …',
  'ix.running': 'läuft',
  'ix.ringing': 'klingelt',
  'ix.liveCall': 'Laufender Anruf',
  'ix.openContact': 'Kontakt öffnen',
  'ix.actions': 'Bearbeiten',

  'channel.voice': 'Telefon',
  'channel.chat': 'Chat',
  'channel.email': 'E-Mail',
  'channel.web': 'Web',
  'direction.inbound': 'eingehend',
  'direction.outbound': 'ausgehend',
  'direction.internal': 'intern',

  'reason.caller_hangup': 'Anrufer hat aufgelegt',
  'reason.agent_hangup': 'Agent hat aufgelegt',
  'reason.hangup': 'aufgelegt',
  'reason.completed': 'abgeschlossen',
  'reason.transferred': 'weitergeleitet',
  'reason.abandoned': 'abgebrochen (in Warteschlange)',
  'reason.timeout': 'Zeitüberschreitung',
  'reason.no_answer': 'keine Antwort',
  'reason.busy': 'besetzt',
  'reason.failed': 'fehlgeschlagen',
  'reason.error': 'Fehler',
  'reason.rejected': 'abgelehnt',
  'reason.voicemail': 'Anrufbeantworter',
  'reason.customer_left': 'Kunde hat Chat verlassen',
  'reason.chat_closed': 'Chat beendet',
  'reason.resolved': 'erledigt',
  'reason.max_wait': 'maximale Wartezeit erreicht',
  'reason.caller_cancelled': 'Anrufer hat vor der Annahme aufgelegt',
  'reason.menu_completed': 'nach der Auskunft beendet',
  'reason.no_valid_input': 'keine gültige Eingabe',
  'reason.transfer_failed': 'Weiterleitung fehlgeschlagen',
  'reason.rtp_timeout': 'keine Sprachdaten mehr (RTP-Zeitüberschreitung)',
  'reason.max_duration': 'maximale Gesprächsdauer erreicht',
  'reason.no_ack': 'Verbindungsaufbau nicht bestätigt (kein ACK)',
  'reason.server_shutdown': 'Server wurde beendet',
  'reason.media_negotiation_failed': 'kein gemeinsames Audioformat',

  'actor.system': 'System',
  'actor.virtual-agent': 'Virtueller Agent',
  'actor.telephony': 'Telefonanlage',
  'actor.caller': 'Anrufer',
  'actor.customer': 'Kunde',
  'actor.contact': 'Kunde',
  'actor.agent': 'Agent',
  'actor.flow': 'Gesprächsleitfaden',
  'actor.acd': 'Verteilung',
  'actor.dialer': 'Wählautomat',
  'actor.import': 'Import',

  'tl.call.started': 'Anruf begonnen',
  'tl.call.startedFrom': 'Anruf von {from}',
  'tl.call.startedFromTo': 'Anruf von {from} an {to}',
  'tl.call.startedTo': 'Anruf an {to}',
  'tl.call.answered': 'Anruf angenommen',
  'tl.call.answeredBy': 'Anruf angenommen von {who}',
  'tl.call.ended': 'Anruf beendet',
  'tl.call.endedReason': 'Anruf beendet ({reason})',
  'tl.chat.started': 'Chat begonnen',
  'tl.prompt.played': 'Ansage abgespielt',
  'tl.prompt.playedText': 'Ansage: „{text}“',
  'tl.prompt.playedName': 'Ansage „{name}“ abgespielt',
  'tl.dtmf.received': 'Anrufer drückte Taste {digits}',
  'tl.menu.selected': 'Menü: {label} gewählt',
  'tl.say': '„{text}“',
  'tl.input': 'Angabe erfasst: {field} = {value}',
  'tl.inputValue': 'Angabe erfasst: {value}',
  'tl.note': 'Notiz: {text}',
  'tl.disposition.set': 'Abschluss gesetzt: {value}',
  'tl.contact.identified': 'Kontakt identifiziert: {name}',
  'tl.contact.identifiedBy': 'Kontakt identifiziert: {name} (über {method})',
  'tl.contact.identifiedPlain': 'Kontakt identifiziert',
  'tl.order.created': 'Bestellung {number} angelegt',
  'tl.order.createdTotal': 'Bestellung {number} angelegt, Summe {total}',
  'tl.ticket.created': 'Ticket {number} angelegt',
  'tl.ticket.createdSubject': 'Ticket {number} angelegt: {subject}',
  'tl.transfer': 'Weitergeleitet an {target}',
  'tl.transferQueue': 'Weitergeleitet an Warteschlange {queue}',
  'tl.transferReason': ' (Grund: {reason})',
  'tl.queue.entered': 'In Warteschlange {queue} eingereiht',
  'tl.queue.enteredPos': 'In Warteschlange {queue} eingereiht (Position {position})',
  'tl.agent.connected': 'Verbunden mit {agent}',
  'tl.agent.connectedPlain': 'Mit einem Agenten verbunden',
  'tl.recording.started': 'Aufzeichnung gestartet',
  'tl.recording.stopped': 'Aufzeichnung beendet',
  'tl.chat.message': '„{text}“',
  'tl.survey.answer': 'Umfrage – {question}: {answer}',
  'tl.kb.article.shown': 'Wissensartikel angezeigt: {title}',
  'tl.transcript': 'Transkript: „{text}“',
  'tl.call.answeredCallee': 'Angerufener hat abgenommen',
  'tl.durationSuffix': ' – Dauer {duration}',
  'tl.keySuffix': ' (Taste {digit})',
  'tl.input.speech': 'Anrufer sagte: „{text}“',
  'tl.input.email': 'E-Mail „{subject}“',
  'tl.input.emailFrom': 'E-Mail von {from}: „{subject}“',
  'tl.confidence': 'Erkennung {percent} %',
  'tl.customerNumber': 'Kundennr. {number}',
  'tl.via': 'über {method}',
  'tl.totalSuffix': ', Summe {total}',
  'tl.prioritySuffix': ' (Priorität: {priority})',
  'tl.waitSuffix': ' nach {duration} Wartezeit',
  'tl.consentSuffix': ' (Einwilligung: {consent})',
  'tl.kb.to.agent': '(für den Agenten)',
  'tl.kb.to.caller': '(dem Anrufer vorgelesen)',
  'tl.kb.to.customer': '(an den Kunden gesendet)',
  'inputMode.speech': 'Spracheingabe',
  'inputMode.dtmf': 'Tastatur',
  'inputMode.text': 'Texteingabe',
  'inputMode.email': 'E-Mail',
  'transferMode.blind': 'ohne Rückfrage',
  'transferMode.attended': 'mit Rückfrage',
  'transferMode.consult': 'mit Rückfrage',
  'field.customer_number': 'Kundennummer',
  'field.meter_number': 'Zählernummer',
  'field.meter_reading': 'Zählerstand',
  'field.order_number': 'Bestellnummer',
  'field.postcode': 'Postleitzahl',
  'field.birth_date': 'Geburtsdatum',
  'field.phone': 'Telefonnummer',
  'field.email': 'E-Mail-Adresse',
  'field.name': 'Name',
  'field.reason': 'Anliegen',
  'tl.sayLabel': 'Ansage:',
  'tl.fromPhone': 'vom Telefon {phone}',
  'dtmfSource.rfc4733': 'RFC 2833',
  'dtmfSource.rfc2833': 'RFC 2833',
  'dtmfSource.inband': 'Tonwahl im Audiosignal',
  'dtmfSource.sip_info': 'SIP INFO',
  'tl.menu.prompted': 'Menü „{menu}“ angesagt',
  'tl.menu.promptedPlain': 'Menü angesagt',
  'tl.attempt': '{attempt}. Versuch',
  'tl.menu.invalid': 'Ungültige Taste {digit}',
  'tl.menu.noInput': 'Keine Eingabe',
  'tl.menu.failed': 'Menü ohne gültige Auswahl beendet',
  'tl.menu.failedAfter': 'Menü nach {attempts} Versuchen ohne gültige Auswahl beendet',
  'tl.menuName': 'Menü „{menu}“',
  'menuAction.transfer': 'Weiterleitung',
  'menuAction.say_and_return': 'Auskunft, dann zurück ins Menü',
  'menuAction.return': 'Auskunft, dann zurück ins Menü',
  'menuAction.say_and_hang_up': 'Auskunft, dann Gesprächsende',
  'menuAction.hangup': 'Auskunft, dann Gesprächsende',
  'tl.call.hold': 'Gespräch gehalten',
  'tl.call.resumed': 'Gespräch fortgesetzt',
  'tl.by.caller': 'vom Anrufer',
  'tl.by.agent': 'vom Agenten',
  'tl.transfer.started': 'Weiterleitung an Nebenstelle {extension}',
  'tl.transfer.startedPlain': 'Weiterleitung begonnen',
  'tl.transfer.ringing': 'Nebenstelle {extension} klingelt',
  'tl.transfer.unavailable': 'Nebenstelle {extension} nicht erreichbar',
  'tl.transfer.failed': 'Weiterleitung an Nebenstelle {extension} fehlgeschlagen',
  'tl.transfer.failedPlain': 'Weiterleitung fehlgeschlagen',
  'transferReason.no such extension': 'Nebenstelle unbekannt',
  'transferReason.phone not registered': 'Telefon nicht angemeldet',
  'transferReason.no answer': 'niemand hat abgenommen',
  'transferReason.phone did not respond': 'Telefon antwortet nicht',
  'transferReason.no common codec': 'kein gemeinsames Audioformat',
  'transferReason.no RTP port': 'kein Medienport frei',
  'transferReason.invalid contact': 'ungültige Kontaktadresse des Telefons',
  'transferReason.invalid request': 'Anfrage nicht erstellbar',
  'transferReason.486 Busy Here': 'besetzt',
  'tl.agent.connectedExtension': 'Mit Nebenstelle {extension} verbunden',
  'tl.extension': 'Nebenstelle {extension}',
  'tl.recording.saved': 'Aufzeichnung gespeichert',
  'tl.recording.savedError': 'Aufzeichnung unvollständig gespeichert ({error})',
  'tl.recording.skipped': 'Keine Aufzeichnung',
  'tl.recording.failed': 'Aufzeichnung fehlgeschlagen',
  'recordingReason.no recordings_dir configured': 'kein Ablageort für Aufzeichnungen eingerichtet',
  'recordingChannels.links Anrufer, rechts System': 'links Anrufer, rechts System',
  'tl.media.stats': 'Sprachqualität (RTP) am Gesprächsende',
  'tl.media.statsNone': 'Sprachqualität: keine Messwerte',
  'tl.callId': 'Call-ID',
  'tl.media.noFigures': 'keine Messwerte',
  'tl.media.sent': '{count} Pakete gesendet',
  'tl.media.received': '{count} empfangen',
  'tl.media.lost': '{count} verloren ({percent} %)',
  'tl.media.jitter': 'Jitter {ms} ms',
  'tl.leg.caller': 'Anrufer',
  'tl.leg.agent': 'Agent',
  'tl.media.timeout': 'Seit {seconds} s keine Sprachdaten {leg}',
  'tl.media.timeoutPlain': 'Keine Sprachdaten mehr {leg}',
  'tl.from.caller': 'vom Anrufer',
  'tl.from.agent': 'vom Agenten',
  'tl.unknown': 'Ereignis {type}',
  'tl.time': 'Zeit',
  'tl.actor': 'Wer',
  'tl.event': 'Ereignis',

  'contact.title': 'Kontakte',
  'contact.number': 'Kundennummer',
  'contact.name': 'Name',
  'contact.company': 'Firma',
  'contact.email': 'E-Mail',
  'contact.address': 'Anschrift',
  'contact.city': 'Ort',
  'contact.phone': 'Telefon',
  'contact.phones': 'Telefonnummern',
  'contact.consents': 'Einwilligungen',
  'contact.consentKind': 'Art',
  'contact.consentGranted': 'Status',
  'contact.consentSource': 'Quelle',
  'contact.consentDate': 'Datum',
  'contact.granted': 'erteilt',
  'contact.refused': 'verweigert',
  'contact.noConsents': 'Keine Einwilligungen erfasst.',
  'contact.noPhones': 'Keine Telefonnummern erfasst.',
  'contact.dnc': 'Sperrvermerk',
  'contact.dncYes': 'Nicht anrufen',
  'contact.dncNo': 'kein Sperrvermerk',
  'contact.notes': 'Notizen',
  'contact.master': 'Stammdaten',
  'contact.history': 'Historie',
  'contact.searchPlaceholder': 'Name, Kundennummer, Ort, E-Mail …',
  'contact.country': 'Land',
  'contact.since': 'Angelegt',

  'phone.mobile': 'Mobil',
  'phone.landline': 'Festnetz',
  'phone.work': 'Geschäftlich',
  'phone.fax': 'Fax',
  'phone.other': 'Sonstige',
  'consent.phone': 'Telefon',
  'consent.email': 'E-Mail',
  'consent.sms': 'SMS',
  'consent.post': 'Post',
  'consent.recording': 'Gesprächsaufzeichnung',
  'consent.survey': 'Umfragen',

  'order.title': 'Bestellungen',
  'order.number': 'Bestellnummer',
  'order.created': 'Angelegt',
  'order.status': 'Status',
  'order.total': 'Summe',
  'order.delivery': 'Lieferanschrift',
  'order.contact': 'Kontakt',
  'order.interaction': 'Interaktion',
  'order.lines': 'Positionen',
  'order.line.description': 'Artikel',
  'order.line.quantity': 'Menge',
  'order.line.unit': 'Einzelpreis',
  'order.line.total': 'Betrag',
  'order.noLines': 'Keine Positionen.',
  'order.notes': 'Notizen',
  'order.detailTitle': 'Bestellung {number}',
  'order.searchPlaceholder': 'Bestellnummer, Empfänger, Ort …',
  'order.status.new': 'neu',
  'order.status.confirmed': 'bestätigt',
  'order.status.shipped': 'versandt',
  'order.status.delivered': 'zugestellt',
  'order.status.cancelled': 'storniert',
  'order.changeStatus': 'Status ändern',

  'ticket.title': 'Tickets',
  'ticket.number': 'Ticketnummer',
  'ticket.subject': 'Betreff',
  'ticket.category': 'Kategorie',
  'ticket.priority': 'Priorität',
  'ticket.status': 'Status',
  'ticket.owner': 'Bearbeiter',
  'ticket.due': 'Fällig',
  'ticket.created': 'Angelegt',
  'ticket.resolved': 'Erledigt am',
  'ticket.description': 'Beschreibung',
  'ticket.remedy': 'Gewünschte Lösung',
  'ticket.contact': 'Kontakt',
  'ticket.order': 'Bestellung',
  'ticket.interaction': 'Interaktion',
  'ticket.detailTitle': 'Ticket {number}',
  'ticket.changeStatus': 'Status ändern',
  'ticket.statusSaved': 'Status gespeichert.',
  'ticket.searchPlaceholder': 'Betreff, Ticketnummer, Beschreibung …',
  'ticket.overdue': 'überfällig',
  'priority.low': 'niedrig',
  'priority.normal': 'normal',
  'priority.high': 'hoch',
  'priority.urgent': 'dringend',
  'ticket.status.open': 'offen',
  'ticket.status.in_progress': 'in Bearbeitung',
  'ticket.status.waiting': 'wartet',
  'ticket.status.resolved': 'gelöst',
  'ticket.status.closed': 'geschlossen',

  'kb.title': 'Wissensbasis',
  'kb.searchPlaceholder': 'Frage oder Stichwort …',
  'kb.category': 'Kategorie',
  'kb.tags': 'Schlagworte',
  'kb.updated': 'Aktualisiert',
  'kb.articleTitle': 'Titel',
  'kb.unpublished': 'nicht veröffentlicht',

  'err.400': 'Die Anfrage ist ungültig.',
  'err.403': 'Keine Berechtigung für diese Aktion.',
  'err.404': 'Nicht gefunden.',
  'err.409': 'Konflikt mit dem aktuellen Stand.',
  'err.413': 'Die Eingabe ist zu groß.',
  'err.500': 'Interner Serverfehler.',
  'err.generic': 'Unerwarteter Fehler ({status}).',
};

const en = {
  'app.name': 'callwerk',
  'app.loading': 'Loading …',
  'app.error': 'Error',
  'app.retry': 'Try again',
  'app.back': 'Back',
  'app.save': 'Save',
  'app.saving': 'Saving …',
  'app.saved': 'Saved',
  'app.cancel': 'Cancel',
  'app.search': 'Search',
  'app.reset': 'Reset',
  'app.all': 'All',
  'app.none': '—',
  'app.yes': 'yes',
  'app.no': 'no',
  'app.empty': 'Nothing found.',
  'app.emptyFiltered': 'No entries match the filters.',
  'app.notFound': 'Not found. The entry does not exist or you have no access to it.',
  'app.forbidden': 'You are not permitted to see this view.',
  'app.offline': 'The server cannot be reached.',
  'app.sessionExpired': 'Your session has expired. Please sign in again.',
  'app.readOnly': 'Read-only access',
  'app.skip': 'Skip to content',
  'app.pageNotFound': 'This page does not exist.',

  'login.title': 'Sign in',
  'login.subtitle': 'Contact center',
  'login.username': 'User name',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.busy': 'Signing in …',
  'login.failed': 'User name or password is wrong.',
  'login.tooMany': 'Too many attempts. Please wait {seconds} seconds and try again.',
  'login.tooManyNoWait': 'Too many attempts. Please wait a few minutes and try again.',
  'login.missing': 'Please enter user name and password.',

  'shell.logout': 'Sign out',
  'shell.language': 'Language',
  'shell.nav': 'Main navigation',
  'shell.user': 'Signed in as {name}',
  'shell.live': 'Live',
  'shell.liveOff': 'Live disconnected',

  'nav.interactions': 'Interactions',
  'nav.contacts': 'Contacts',
  'nav.orders': 'Orders',
  'nav.tickets': 'Tickets',
  'nav.kb': 'Knowledge base',

  'role.admin': 'Administrator',
  'role.supervisor': 'Supervisor',
  'role.agent': 'Agent',
  'role.client-viewer': 'Client (read-only)',

  'list.count': '{total} entries',
  'list.countOne': '1 entry',
  'list.range': '{from}–{to} of {total}',
  'list.prev': 'Previous',
  'list.next': 'Next',
  'list.page': 'Page {page} of {pages}',

  'filter.from': 'From',
  'filter.to': 'To',
  'filter.q': 'Text',
  'filter.qPlaceholder': 'Search term …',
  'filter.apply': 'Filter',
  'filter.reset': 'Reset filters',
  'filter.title': 'Filters',

  'ix.title': 'Interactions',
  'ix.started': 'Start',
  'ix.channel': 'Channel',
  'ix.direction': 'Direction',
  'ix.contact': 'Contact',
  'ix.remote': 'Number / address',
  'ix.local': 'Number called',
  'ix.queue': 'Queue',
  'ix.agent': 'Agent',
  'ix.duration': 'Duration',
  'ix.endReason': 'End reason',
  'ix.disposition': 'Disposition',
  'ix.subject': 'Subject',
  'ix.answered': 'Answered',
  'ix.ended': 'End',
  'ix.wait': 'Wait time',
  'ix.notes': 'Notes',
  'ix.new': 'new',
  'ix.updated': 'updated',
  'ix.liveNew': '{count} new or updated interactions',
  'ix.liveRefresh': 'Refresh list',
  'ix.detailTitle': 'Interaction #{id}',
  'ix.protocol': 'Protocol',
  'ix.protocolEmpty': 'No events were recorded for this interaction.',
  'ix.facts': 'Overview',
  'ix.addNote': 'Add note',
  'ix.notePlaceholder': 'Note on the conversation …',
  'ix.noteSave': 'Save note',
  'ix.noteEmpty': 'Please enter a text.',
  'ix.noteSaved': 'Note saved.',
  'ix.setDisposition': 'Set disposition',
  'ix.dispositionSave': 'Save disposition',
  'ix.dispositionSaved': 'Disposition saved.',
  'ix.dispositionChoose': 'Choose a disposition …',
  'ix.running': 'live',
  'ix.ringing': 'ringing',
  'ix.liveCall': 'Call in progress',
  'ix.openContact': 'Open contact',
  'ix.actions': 'Edit',

  'channel.voice': 'Phone',
  'channel.chat': 'Chat',
  'channel.email': 'Email',
  'channel.web': 'Web',
  'direction.inbound': 'inbound',
  'direction.outbound': 'outbound',
  'direction.internal': 'internal',

  'reason.caller_hangup': 'caller hung up',
  'reason.agent_hangup': 'agent hung up',
  'reason.hangup': 'hung up',
  'reason.completed': 'completed',
  'reason.transferred': 'transferred',
  'reason.abandoned': 'abandoned (in queue)',
  'reason.timeout': 'timeout',
  'reason.no_answer': 'no answer',
  'reason.busy': 'busy',
  'reason.failed': 'failed',
  'reason.error': 'error',
  'reason.rejected': 'rejected',
  'reason.voicemail': 'voicemail',
  'reason.customer_left': 'customer left the chat',
  'reason.chat_closed': 'chat closed',
  'reason.resolved': 'resolved',
  'reason.max_wait': 'maximum wait time reached',
  'reason.caller_cancelled': 'caller hung up before the answer',
  'reason.menu_completed': 'ended after the information',
  'reason.no_valid_input': 'no valid input',
  'reason.transfer_failed': 'transfer failed',
  'reason.rtp_timeout': 'audio stopped (RTP timeout)',
  'reason.max_duration': 'maximum call length reached',
  'reason.no_ack': 'call setup not confirmed (no ACK)',
  'reason.server_shutdown': 'server shut down',
  'reason.media_negotiation_failed': 'no common audio format',

  'actor.system': 'System',
  'actor.virtual-agent': 'Virtual agent',
  'actor.telephony': 'Phone system',
  'actor.caller': 'Caller',
  'actor.customer': 'Customer',
  'actor.contact': 'Customer',
  'actor.agent': 'Agent',
  'actor.flow': 'Conversation flow',
  'actor.acd': 'Routing',
  'actor.dialer': 'Dialer',
  'actor.import': 'Import',

  'tl.call.started': 'Call started',
  'tl.call.startedFrom': 'Call from {from}',
  'tl.call.startedFromTo': 'Call from {from} to {to}',
  'tl.call.startedTo': 'Call to {to}',
  'tl.call.answered': 'Call answered',
  'tl.call.answeredBy': 'Call answered by {who}',
  'tl.call.ended': 'Call ended',
  'tl.call.endedReason': 'Call ended ({reason})',
  'tl.chat.started': 'Chat started',
  'tl.prompt.played': 'Prompt played',
  'tl.prompt.playedText': 'Prompt: “{text}”',
  'tl.prompt.playedName': 'Prompt “{name}” played',
  'tl.dtmf.received': 'Caller pressed key {digits}',
  'tl.menu.selected': 'Menu: chose {label}',
  'tl.say': '“{text}”',
  'tl.input': 'Input recorded: {field} = {value}',
  'tl.inputValue': 'Input recorded: {value}',
  'tl.note': 'Note: {text}',
  'tl.disposition.set': 'Disposition set: {value}',
  'tl.contact.identified': 'Contact identified: {name}',
  'tl.contact.identifiedBy': 'Contact identified: {name} (by {method})',
  'tl.contact.identifiedPlain': 'Contact identified',
  'tl.order.created': 'Order {number} created',
  'tl.order.createdTotal': 'Order {number} created, total {total}',
  'tl.ticket.created': 'Ticket {number} created',
  'tl.ticket.createdSubject': 'Ticket {number} created: {subject}',
  'tl.transfer': 'Transferred to {target}',
  'tl.transferQueue': 'Transferred to queue {queue}',
  'tl.transferReason': ' (reason: {reason})',
  'tl.queue.entered': 'Entered queue {queue}',
  'tl.queue.enteredPos': 'Entered queue {queue} (position {position})',
  'tl.agent.connected': 'Connected to {agent}',
  'tl.agent.connectedPlain': 'Connected to an agent',
  'tl.recording.started': 'Recording started',
  'tl.recording.stopped': 'Recording stopped',
  'tl.chat.message': '“{text}”',
  'tl.survey.answer': 'Survey – {question}: {answer}',
  'tl.kb.article.shown': 'Knowledge article shown: {title}',
  'tl.transcript': 'Transcript: “{text}”',
  'tl.call.answeredCallee': 'Called party answered',
  'tl.durationSuffix': ' – duration {duration}',
  'tl.keySuffix': ' (key {digit})',
  'tl.input.speech': 'Caller said: “{text}”',
  'tl.input.email': 'Email “{subject}”',
  'tl.input.emailFrom': 'Email from {from}: “{subject}”',
  'tl.confidence': 'recognition {percent} %',
  'tl.customerNumber': 'customer no. {number}',
  'tl.via': 'by {method}',
  'tl.totalSuffix': ', total {total}',
  'tl.prioritySuffix': ' (priority: {priority})',
  'tl.waitSuffix': ' after waiting {duration}',
  'tl.consentSuffix': ' (consent: {consent})',
  'tl.kb.to.agent': '(for the agent)',
  'tl.kb.to.caller': '(read to the caller)',
  'tl.kb.to.customer': '(sent to the customer)',
  'inputMode.speech': 'speech',
  'inputMode.dtmf': 'keypad',
  'inputMode.text': 'text',
  'inputMode.email': 'email',
  'transferMode.blind': 'blind',
  'transferMode.attended': 'attended',
  'transferMode.consult': 'attended',
  'field.customer_number': 'customer number',
  'field.meter_number': 'meter number',
  'field.meter_reading': 'meter reading',
  'field.order_number': 'order number',
  'field.postcode': 'postcode',
  'field.birth_date': 'date of birth',
  'field.phone': 'phone number',
  'field.email': 'email address',
  'field.name': 'name',
  'field.reason': 'concern',
  'tl.sayLabel': 'Prompt:',
  'tl.fromPhone': 'from phone {phone}',
  'dtmfSource.rfc4733': 'RFC 2833',
  'dtmfSource.rfc2833': 'RFC 2833',
  'dtmfSource.inband': 'in-band tones',
  'dtmfSource.sip_info': 'SIP INFO',
  'tl.menu.prompted': 'Menu “{menu}” read out',
  'tl.menu.promptedPlain': 'Menu read out',
  'tl.attempt': 'attempt {attempt}',
  'tl.menu.invalid': 'Invalid key {digit}',
  'tl.menu.noInput': 'No input',
  'tl.menu.failed': 'Menu ended without a valid choice',
  'tl.menu.failedAfter': 'Menu ended after {attempts} attempts without a valid choice',
  'tl.menuName': 'menu “{menu}”',
  'menuAction.transfer': 'transfer',
  'menuAction.say_and_return': 'information, then back to the menu',
  'menuAction.return': 'information, then back to the menu',
  'menuAction.say_and_hang_up': 'information, then end of call',
  'menuAction.hangup': 'information, then end of call',
  'tl.call.hold': 'Call put on hold',
  'tl.call.resumed': 'Call resumed',
  'tl.by.caller': 'by the caller',
  'tl.by.agent': 'by the agent',
  'tl.transfer.started': 'Transfer to extension {extension}',
  'tl.transfer.startedPlain': 'Transfer started',
  'tl.transfer.ringing': 'Extension {extension} is ringing',
  'tl.transfer.unavailable': 'Extension {extension} not reachable',
  'tl.transfer.failed': 'Transfer to extension {extension} failed',
  'tl.transfer.failedPlain': 'Transfer failed',
  'transferReason.no such extension': 'unknown extension',
  'transferReason.phone not registered': 'phone not registered',
  'transferReason.no answer': 'nobody answered',
  'transferReason.phone did not respond': 'phone did not respond',
  'transferReason.no common codec': 'no common audio format',
  'transferReason.no RTP port': 'no media port free',
  'transferReason.invalid contact': 'invalid contact address of the phone',
  'transferReason.invalid request': 'request could not be built',
  'transferReason.486 Busy Here': 'busy',
  'tl.agent.connectedExtension': 'Connected to extension {extension}',
  'tl.extension': 'extension {extension}',
  'tl.recording.saved': 'Recording saved',
  'tl.recording.savedError': 'Recording saved incompletely ({error})',
  'tl.recording.skipped': 'Not recorded',
  'tl.recording.failed': 'Recording failed',
  'recordingReason.no recordings_dir configured': 'no storage for recordings configured',
  'recordingChannels.links Anrufer, rechts System': 'left caller, right system',
  'tl.media.stats': 'Audio quality (RTP) at the end of the call',
  'tl.media.statsNone': 'Audio quality: no figures',
  'tl.callId': 'Call-ID',
  'tl.media.noFigures': 'no figures',
  'tl.media.sent': '{count} packets sent',
  'tl.media.received': '{count} received',
  'tl.media.lost': '{count} lost ({percent} %)',
  'tl.media.jitter': 'jitter {ms} ms',
  'tl.leg.caller': 'caller',
  'tl.leg.agent': 'agent',
  'tl.media.timeout': 'No audio {leg} for {seconds} s',
  'tl.media.timeoutPlain': 'No more audio {leg}',
  'tl.from.caller': 'from the caller',
  'tl.from.agent': 'from the agent',
  'tl.unknown': 'Event {type}',
  'tl.time': 'Time',
  'tl.actor': 'Who',
  'tl.event': 'Event',

  'contact.title': 'Contacts',
  'contact.number': 'Customer no.',
  'contact.name': 'Name',
  'contact.company': 'Company',
  'contact.email': 'Email',
  'contact.address': 'Address',
  'contact.city': 'City',
  'contact.phone': 'Phone',
  'contact.phones': 'Phone numbers',
  'contact.consents': 'Consents',
  'contact.consentKind': 'Kind',
  'contact.consentGranted': 'Status',
  'contact.consentSource': 'Source',
  'contact.consentDate': 'Date',
  'contact.granted': 'granted',
  'contact.refused': 'refused',
  'contact.noConsents': 'No consents recorded.',
  'contact.noPhones': 'No phone numbers recorded.',
  'contact.dnc': 'Do not call',
  'contact.dncYes': 'Do not call',
  'contact.dncNo': 'no block',
  'contact.notes': 'Notes',
  'contact.master': 'Master data',
  'contact.history': 'History',
  'contact.searchPlaceholder': 'Name, customer no., city, email …',
  'contact.country': 'Country',
  'contact.since': 'Created',

  'phone.mobile': 'Mobile',
  'phone.landline': 'Landline',
  'phone.work': 'Work',
  'phone.fax': 'Fax',
  'phone.other': 'Other',
  'consent.phone': 'Phone',
  'consent.email': 'Email',
  'consent.sms': 'SMS',
  'consent.post': 'Mail',
  'consent.recording': 'Call recording',
  'consent.survey': 'Surveys',

  'order.title': 'Orders',
  'order.number': 'Order no.',
  'order.created': 'Created',
  'order.status': 'Status',
  'order.total': 'Total',
  'order.delivery': 'Delivery address',
  'order.contact': 'Contact',
  'order.interaction': 'Interaction',
  'order.lines': 'Lines',
  'order.line.description': 'Item',
  'order.line.quantity': 'Qty',
  'order.line.unit': 'Unit price',
  'order.line.total': 'Amount',
  'order.noLines': 'No lines.',
  'order.notes': 'Notes',
  'order.detailTitle': 'Order {number}',
  'order.searchPlaceholder': 'Order no., recipient, city …',
  'order.status.new': 'new',
  'order.status.confirmed': 'confirmed',
  'order.status.shipped': 'shipped',
  'order.status.delivered': 'delivered',
  'order.status.cancelled': 'cancelled',
  'order.changeStatus': 'Change status',

  'ticket.title': 'Tickets',
  'ticket.number': 'Ticket no.',
  'ticket.subject': 'Subject',
  'ticket.category': 'Category',
  'ticket.priority': 'Priority',
  'ticket.status': 'Status',
  'ticket.owner': 'Owner',
  'ticket.due': 'Due',
  'ticket.created': 'Created',
  'ticket.resolved': 'Resolved at',
  'ticket.description': 'Description',
  'ticket.remedy': 'Desired remedy',
  'ticket.contact': 'Contact',
  'ticket.order': 'Order',
  'ticket.interaction': 'Interaction',
  'ticket.detailTitle': 'Ticket {number}',
  'ticket.changeStatus': 'Change status',
  'ticket.statusSaved': 'Status saved.',
  'ticket.searchPlaceholder': 'Subject, ticket no., description …',
  'ticket.overdue': 'overdue',
  'priority.low': 'low',
  'priority.normal': 'normal',
  'priority.high': 'high',
  'priority.urgent': 'urgent',
  'ticket.status.open': 'open',
  'ticket.status.in_progress': 'in progress',
  'ticket.status.waiting': 'waiting',
  'ticket.status.resolved': 'resolved',
  'ticket.status.closed': 'closed',

  'kb.title': 'Knowledge base',
  'kb.searchPlaceholder': 'Question or keyword …',
  'kb.category': 'Category',
  'kb.tags': 'Tags',
  'kb.updated': 'Updated',
  'kb.articleTitle': 'Title',
  'kb.unpublished': 'not published',

  'err.400': 'The request is invalid.',
  'err.403': 'You are not permitted to do this.',
  'err.404': 'Not found.',
  'err.409': 'Conflicts with the current state.',
  'err.413': 'The input is too large.',
  'err.500': 'Internal server error.',
  'err.generic': 'Unexpected error ({status}).',
};

const dictionaries = { de, en };

function initialLang() {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'de' || stored === 'en') return stored;
  } catch {
    /* storage disabled: fall back to German */
  }
  return 'de';
}

let lang = initialLang();
let timeZone = 'Europe/Berlin';

export function getLang() {
  return lang;
}

export function setLang(next) {
  if (!dictionaries[next]) return;
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* not persisted; still switched for this page */
  }
  document.documentElement.lang = next;
  formatters.clear();
}

export function setTimeZone(zone) {
  if (zone && zone !== timeZone) {
    try {
      new Intl.DateTimeFormat('de-DE', { timeZone: zone });
      timeZone = zone;
      formatters.clear();
    } catch {
      /* unknown zone: keep Europe/Berlin */
    }
  }
}

export function getTimeZone() {
  return timeZone;
}

export function t(key, params) {
  let text = dictionaries[lang][key] ?? dictionaries.de[key] ?? key;
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined ? m : String(params[name])));
  }
  return text;
}

// Translates an enum value (`prefix.value`) and falls back to the raw value.
export function tEnum(prefix, value) {
  if (value === undefined || value === null || value === '') return '';
  const key = `${prefix}.${value}`;
  const text = dictionaries[lang][key] ?? dictionaries.de[key];
  return text ?? String(value);
}

export function hasKey(key) {
  return key in dictionaries[lang] || key in dictionaries.de;
}

const formatters = new Map();
function formatter(kind, make) {
  if (!formatters.has(kind)) formatters.set(kind, make());
  return formatters.get(kind);
}

function locale() {
  return lang === 'de' ? 'de-DE' : 'en-GB';
}

export function toDate(value) {
  if (value === undefined || value === null || value === '') return null;
  const d = typeof value === 'number' ? new Date(value) : new Date(String(value));
  return Number.isNaN(d.getTime()) ? null : d;
}

export function fmtDateTime(value) {
  const d = toDate(value);
  if (!d) return '';
  return formatter('dt', () => new Intl.DateTimeFormat(locale(), {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  })).format(d);
}

export function fmtDate(value) {
  const d = toDate(value);
  if (!d) return '';
  return formatter('d', () => new Intl.DateTimeFormat(locale(), {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
  })).format(d);
}

export function fmtTime(value) {
  const d = toDate(value);
  if (!d) return '';
  return formatter('t', () => new Intl.DateTimeFormat(locale(), {
    timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  })).format(d);
}

export function fmtLongDate(value) {
  const d = toDate(value);
  if (!d) return '';
  return formatter('ld', () => new Intl.DateTimeFormat(locale(), {
    timeZone, weekday: 'long', year: 'numeric', month: 'long', day: 'numeric',
  })).format(d);
}

export function fmtMoney(cents, currency = 'EUR') {
  if (cents === undefined || cents === null || cents === '') return '';
  const cur = currency || 'EUR';
  return formatter(`m${cur}`, () => new Intl.NumberFormat(locale(), { style: 'currency', currency: cur }))
    .format(Number(cents) / 100);
}

export function fmtNumber(n) {
  return formatter('n', () => new Intl.NumberFormat(locale())).format(n);
}

// Seconds as m:ss or h:mm:ss.
export function fmtDuration(seconds) {
  if (seconds === undefined || seconds === null || Number.isNaN(seconds) || seconds < 0) return '';
  const s = Math.round(seconds);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

// Offset of `zone` from UTC in ms at the instant `utcMs`.
function zoneOffset(utcMs, zone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return asUtc - utcMs;
}

// "2026-11-02" (a calendar day in the tenant's zone) -> ISO instant of its local midnight.
// addDays lets a filter's inclusive "to" day become the exclusive start of the next day.
export function localDayStartISO(day, addDays = 0) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  if (!m) return null;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays);
  let utc = guess - zoneOffset(guess, timeZone);
  utc = guess - zoneOffset(utc, timeZone);
  return new Date(utc).toISOString();
}

document.documentElement.lang = lang;
