-- index actions_patient on actions
CREATE INDEX actions_patient ON actions(patient_id, occurred_at);
-- index appointment_changes_appointment on appointment_changes
CREATE INDEX appointment_changes_appointment ON appointment_changes(appointment_id);
-- index appointment_changes_patient on appointment_changes
CREATE INDEX appointment_changes_patient ON appointment_changes(patient_id, recorded_at);
-- index appointments_moved_from on appointments
CREATE INDEX appointments_moved_from ON appointments(moved_from);
-- index appointments_patient on appointments
CREATE INDEX appointments_patient ON appointments(patient_id, starts_at);
-- index appointments_slot on appointments
CREATE UNIQUE INDEX appointments_slot ON appointments(clinician_id, starts_at) WHERE status = 'booked';
-- index attachments_contact on attachments
CREATE INDEX attachments_contact ON attachments(contact_id);
-- index attachments_patient on attachments
CREATE INDEX attachments_patient ON attachments(patient_id);
-- index booking_overrides_patient on booking_overrides
CREATE INDEX booking_overrides_patient ON booking_overrides(patient_id, recorded_at);
-- index chain_patient on chain
CREATE INDEX chain_patient ON chain(patient_id, id);
-- index checkpoint_deliveries_waiting on checkpoint_deliveries
CREATE INDEX checkpoint_deliveries_waiting ON checkpoint_deliveries(sent_at, id);
-- index concern_allowed_staff on concern_allowed
CREATE INDEX concern_allowed_staff ON concern_allowed(staff_id);
-- index concern_changes_patient on concern_changes
CREATE INDEX concern_changes_patient ON concern_changes(patient_id, recorded_at);
-- index concern_targets_staff on concern_targets
CREATE INDEX concern_targets_staff ON concern_targets(staff_id);
-- index concerns_patient on concerns
CREATE INDEX concerns_patient ON concerns(patient_id, status);
-- index contacts_patient on contacts
CREATE INDEX contacts_patient ON contacts(patient_id, occurred_at);
-- index disclosures_patient on disclosures
CREATE INDEX disclosures_patient ON disclosures(patient_id, recorded_at);
-- index disclosures_when on disclosures
CREATE INDEX disclosures_when ON disclosures(what, recorded_at);
-- index patient_changes_patient on patient_changes
CREATE INDEX patient_changes_patient ON patient_changes(patient_id);
-- index patients_dob on patients
CREATE INDEX patients_dob ON patients(date_of_birth);
-- index patients_phone on patients
CREATE INDEX patients_phone ON patients(phone_digits);
-- index patients_postcode on patients
CREATE INDEX patients_postcode ON patients(postcode_key);
-- index sign_in_events_staff on sign_in_events
CREATE INDEX sign_in_events_staff ON sign_in_events(staff_id, id);
-- index staff_changes_staff on staff_changes
CREATE INDEX staff_changes_staff ON staff_changes(staff_id);
-- table actions on actions
CREATE TABLE "actions" ( id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), concern_id INTEGER REFERENCES concerns(id), kind TEXT NOT NULL, occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_by INTEGER NOT NULL REFERENCES staff(id), notes TEXT NOT NULL DEFAULT '', signed_by TEXT NOT NULL DEFAULT '', organisation TEXT NOT NULL DEFAULT '', officer TEXT NOT NULL DEFAULT '', crime_reference TEXT NOT NULL DEFAULT '', removal_route TEXT, effective_on TEXT, expires_on TEXT, amends_id INTEGER REFERENCES actions(id), amend_reason TEXT NOT NULL DEFAULT '' );
-- table appointment_changes on appointment_changes
CREATE TABLE appointment_changes ( id INTEGER PRIMARY KEY, appointment_id INTEGER NOT NULL REFERENCES appointments(id), patient_id INTEGER NOT NULL REFERENCES patients(id), change TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', recorded_at TEXT NOT NULL, recorded_by INTEGER REFERENCES staff(id), account TEXT NOT NULL );
-- table appointments on appointments
CREATE TABLE appointments ( id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), clinician_id INTEGER NOT NULL REFERENCES clinicians(id), starts_at TEXT NOT NULL, minutes INTEGER NOT NULL DEFAULT 10, chaperone_required INTEGER NOT NULL DEFAULT 0 CHECK (chaperone_required IN (0, 1)), chaperone_name TEXT, status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')), booked_at TEXT NOT NULL, booked_by INTEGER NOT NULL REFERENCES staff(id), cancelled_at TEXT, cancelled_by INTEGER REFERENCES staff(id), moved_from INTEGER REFERENCES appointments(id), CHECK (chaperone_required = 0 OR trim(coalesce(chaperone_name, '')) <> '') );
-- table attachment_files on attachment_files
CREATE TABLE attachment_files ( id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, size INTEGER NOT NULL, content BLOB NOT NULL );
-- table attachments on attachments
CREATE TABLE attachments ( id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), contact_id INTEGER NOT NULL REFERENCES contacts(id), file_name TEXT NOT NULL, media_type TEXT NOT NULL, size INTEGER NOT NULL CHECK (size > 0), sha256 TEXT NOT NULL REFERENCES attachment_files(sha256), source TEXT NOT NULL, added_at TEXT NOT NULL, added_by INTEGER REFERENCES staff(id), account TEXT NOT NULL );
-- table booking_overrides on booking_overrides
CREATE TABLE booking_overrides ( id INTEGER PRIMARY KEY, appointment_id INTEGER NOT NULL UNIQUE REFERENCES appointments(id), patient_id INTEGER NOT NULL REFERENCES patients(id), clinician_id INTEGER NOT NULL REFERENCES clinicians(id), reason TEXT NOT NULL CHECK (trim(reason) <> ''), chaperone_name TEXT NOT NULL CHECK (trim(chaperone_name) <> ''), recorded_at TEXT NOT NULL, recorded_by INTEGER NOT NULL REFERENCES staff(id) );
-- table chain on chain
CREATE TABLE chain ( id INTEGER PRIMARY KEY, table_name TEXT NOT NULL, row_id INTEGER NOT NULL, columns TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, patient_id INTEGER, patient_prev TEXT, UNIQUE (table_name, row_id) );
-- table checkpoint_deliveries on checkpoint_deliveries
CREATE TABLE checkpoint_deliveries ( id INTEGER PRIMARY KEY, checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id), address TEXT NOT NULL, queued_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_attempt_at TEXT, last_error TEXT NOT NULL DEFAULT '', sent_at TEXT );
-- table checkpoints on checkpoints
CREATE TABLE checkpoints ( id INTEGER PRIMARY KEY, made_at TEXT NOT NULL, why TEXT NOT NULL, body TEXT NOT NULL, signature TEXT, key_fingerprint TEXT, made_by INTEGER REFERENCES staff(id), account TEXT NOT NULL );
-- table clinicians on clinicians
CREATE TABLE clinicians ( id INTEGER PRIMARY KEY, staff_id INTEGER NOT NULL UNIQUE REFERENCES staff(id), job_title TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)), created_at TEXT NOT NULL, created_by TEXT NOT NULL );
-- table concern_allowed on concern_allowed
CREATE TABLE concern_allowed ( concern_id INTEGER NOT NULL REFERENCES concerns(id), staff_id INTEGER NOT NULL REFERENCES staff(id), PRIMARY KEY (concern_id, staff_id) );
-- table concern_changes on concern_changes
CREATE TABLE "concern_changes" ( id INTEGER PRIMARY KEY, concern_id INTEGER NOT NULL REFERENCES concerns(id), patient_id INTEGER NOT NULL REFERENCES patients(id), change TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '', state TEXT NOT NULL DEFAULT '{}', reason TEXT NOT NULL DEFAULT '', recorded_at TEXT NOT NULL, recorded_by INTEGER NOT NULL REFERENCES staff(id) );
-- table concern_targets on concern_targets
CREATE TABLE concern_targets ( concern_id INTEGER NOT NULL REFERENCES concerns(id), staff_id INTEGER NOT NULL REFERENCES staff(id), PRIMARY KEY (concern_id, staff_id) );
-- table concerns on concerns
CREATE TABLE "concerns" ( id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), kind TEXT NOT NULL, chaperone_scope TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '', review_on TEXT, status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')), opened_at TEXT NOT NULL, opened_by INTEGER NOT NULL REFERENCES staff(id), closed_at TEXT, closed_by INTEGER REFERENCES staff(id), close_reason TEXT, updated_at TEXT NOT NULL, updated_by INTEGER NOT NULL REFERENCES staff(id) );
-- table contacts on contacts
CREATE TABLE "contacts" ( id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), concern_id INTEGER REFERENCES concerns(id), occurred_at TEXT NOT NULL, logged_at TEXT NOT NULL, logged_by INTEGER NOT NULL REFERENCES staff(id), channel TEXT NOT NULL, aimed_at TEXT NOT NULL DEFAULT '[]', description TEXT NOT NULL CHECK (trim(description) <> ''), evidence_location TEXT NOT NULL DEFAULT '', gift_handling TEXT, witnesses TEXT NOT NULL DEFAULT '', effect TEXT NOT NULL DEFAULT '', severity TEXT NOT NULL, police_called INTEGER NOT NULL DEFAULT 0 CHECK (police_called IN (0, 1)), police_officer TEXT NOT NULL DEFAULT '', police_reference TEXT NOT NULL DEFAULT '', amends_id INTEGER REFERENCES contacts(id), amend_reason TEXT NOT NULL DEFAULT '', CHECK (occurred_at <= logged_at) );
-- table disclosures on disclosures
CREATE TABLE disclosures ( id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), what TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '', recipient TEXT, recipient_detail TEXT NOT NULL DEFAULT '', format TEXT, chain_head TEXT, recorded_at TEXT NOT NULL, recorded_by INTEGER REFERENCES staff(id), account TEXT NOT NULL, CHECK (what IN ('exported', 'bundled') OR recipient IS NULL) );
-- table override_reviews on override_reviews
CREATE TABLE override_reviews ( id INTEGER PRIMARY KEY, override_id INTEGER NOT NULL UNIQUE REFERENCES booking_overrides(id), note TEXT NOT NULL DEFAULT '', reviewed_at TEXT NOT NULL, reviewed_by INTEGER NOT NULL REFERENCES staff(id) );
-- table patient_chain_starts on patient_chain_starts
CREATE TABLE patient_chain_starts ( id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL UNIQUE REFERENCES patients(id), entries TEXT NOT NULL, recorded_at TEXT NOT NULL );
-- table patient_changes on patient_changes
CREATE TABLE patient_changes ( id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), change TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', recorded_at TEXT NOT NULL, recorded_by INTEGER REFERENCES staff(id), account TEXT NOT NULL );
-- table patients on patients
CREATE TABLE patients ( id INTEGER PRIMARY KEY, nhs_number TEXT NOT NULL UNIQUE CHECK (length(nhs_number) = 10), given_name TEXT NOT NULL, family_name TEXT NOT NULL, date_of_birth TEXT NOT NULL, postcode TEXT NOT NULL DEFAULT '', postcode_key TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', phone_digits TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'removed')), removed_on TEXT, created_at TEXT NOT NULL, created_by TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL , search_name TEXT NOT NULL DEFAULT '');
-- table patients_fts on patients_fts
CREATE VIRTUAL TABLE "patients_fts" USING FTS5 ( "search_name", tokenize='unicode61 remove_diacritics 2', content="patients" );
-- table patients_fts_config on patients_fts_config
CREATE TABLE 'patients_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
-- table patients_fts_data on patients_fts_data
CREATE TABLE 'patients_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
-- table patients_fts_docsize on patients_fts_docsize
CREATE TABLE 'patients_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
-- table patients_fts_idx on patients_fts_idx
CREATE TABLE 'patients_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
-- table schema_seals on schema_seals
CREATE TABLE schema_seals ( id INTEGER PRIMARY KEY, why TEXT NOT NULL, user_version INTEGER NOT NULL, cookie INTEGER NOT NULL, schema_sha256 TEXT NOT NULL, sealed_at TEXT NOT NULL, account TEXT NOT NULL );
-- table settings on settings
CREATE TABLE settings ( key TEXT PRIMARY KEY, value TEXT NOT NULL );
-- table settings_changes on settings_changes
CREATE TABLE settings_changes ( id INTEGER PRIMARY KEY, key TEXT NOT NULL, value TEXT, recorded_at TEXT NOT NULL, recorded_by INTEGER REFERENCES staff(id), account TEXT NOT NULL );
-- table sign_in_events on sign_in_events
CREATE TABLE sign_in_events ( id INTEGER PRIMARY KEY, staff_id INTEGER NOT NULL REFERENCES staff(id), at TEXT NOT NULL, outcome TEXT NOT NULL );
-- table staff on staff
CREATE TABLE staff ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''), role TEXT NOT NULL CHECK (role IN ('reception', 'clinician', 'manager')), pin_hash TEXT, disabled_at TEXT, failed_pins INTEGER NOT NULL DEFAULT 0, locked_until TEXT, created_at TEXT NOT NULL, created_by TEXT NOT NULL , disabled_by TEXT);
-- table staff_changes on staff_changes
CREATE TABLE staff_changes ( id INTEGER PRIMARY KEY, staff_id INTEGER NOT NULL REFERENCES staff(id), change TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', recorded_at TEXT NOT NULL, recorded_by INTEGER REFERENCES staff(id), account TEXT NOT NULL );
-- table vocabulary on vocabulary
CREATE TABLE vocabulary ( list TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (list, value) ) WITHOUT ROWID;
-- trigger actions_kind_known_insert on actions
CREATE TRIGGER actions_kind_known_insert BEFORE INSERT ON actions WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'action_kind' AND value = NEW.kind) BEGIN SELECT RAISE(ABORT, 'actions.kind: not a value of the action_kind list'); END;
-- trigger actions_no_delete on actions
CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions BEGIN SELECT RAISE(ABORT, 'actions is append-only: record a correcting entry instead'); END;
-- trigger actions_no_replace on actions
CREATE TRIGGER actions_no_replace BEFORE INSERT ON actions WHEN EXISTS (SELECT 1 FROM actions WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'actions is append-only: record a correcting entry instead'); END;
-- trigger actions_no_update on actions
CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions BEGIN SELECT RAISE(ABORT, 'actions is append-only: record a correcting entry instead'); END;
-- trigger actions_removal_route_known_insert on actions
CREATE TRIGGER actions_removal_route_known_insert BEFORE INSERT ON actions WHEN NEW.removal_route IS NOT NULL AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'removal_route' AND value = NEW.removal_route) BEGIN SELECT RAISE(ABORT, 'actions.removal_route: not a value of the removal_route list'); END;
-- trigger appointment_changes_change_known_insert on appointment_changes
CREATE TRIGGER appointment_changes_change_known_insert BEFORE INSERT ON appointment_changes WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'appointment_change' AND value = NEW.change) BEGIN SELECT RAISE(ABORT, 'appointment_changes.change: not a value of the appointment_change list'); END;
-- trigger appointment_changes_no_delete on appointment_changes
CREATE TRIGGER appointment_changes_no_delete BEFORE DELETE ON appointment_changes BEGIN SELECT RAISE(ABORT, 'appointment_changes is append-only: record a correcting entry instead'); END;
-- trigger appointment_changes_no_replace on appointment_changes
CREATE TRIGGER appointment_changes_no_replace BEFORE INSERT ON appointment_changes WHEN EXISTS (SELECT 1 FROM appointment_changes WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'appointment_changes is append-only: record a correcting entry instead'); END;
-- trigger appointment_changes_no_update on appointment_changes
CREATE TRIGGER appointment_changes_no_update BEFORE UPDATE ON appointment_changes BEGIN SELECT RAISE(ABORT, 'appointment_changes is append-only: record a correcting entry instead'); END;
-- trigger attachment_files_no_delete on attachment_files
CREATE TRIGGER attachment_files_no_delete BEFORE DELETE ON attachment_files BEGIN SELECT RAISE(ABORT, 'attachment_files is append-only: record a correcting entry instead'); END;
-- trigger attachment_files_no_replace on attachment_files
CREATE TRIGGER attachment_files_no_replace BEFORE INSERT ON attachment_files WHEN EXISTS (SELECT 1 FROM attachment_files WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'attachment_files is append-only: record a correcting entry instead'); END;
-- trigger attachment_files_no_update on attachment_files
CREATE TRIGGER attachment_files_no_update BEFORE UPDATE ON attachment_files BEGIN SELECT RAISE(ABORT, 'attachment_files is append-only: record a correcting entry instead'); END;
-- trigger attachments_no_delete on attachments
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments BEGIN SELECT RAISE(ABORT, 'attachments is append-only: record a correcting entry instead'); END;
-- trigger attachments_no_replace on attachments
CREATE TRIGGER attachments_no_replace BEFORE INSERT ON attachments WHEN EXISTS (SELECT 1 FROM attachments WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'attachments is append-only: record a correcting entry instead'); END;
-- trigger attachments_no_update on attachments
CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments BEGIN SELECT RAISE(ABORT, 'attachments is append-only: record a correcting entry instead'); END;
-- trigger attachments_source_known_insert on attachments
CREATE TRIGGER attachments_source_known_insert BEFORE INSERT ON attachments WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'attachment_source' AND value = NEW.source) BEGIN SELECT RAISE(ABORT, 'attachments.source: not a value of the attachment_source list'); END;
-- trigger booking_overrides_no_delete on booking_overrides
CREATE TRIGGER booking_overrides_no_delete BEFORE DELETE ON booking_overrides BEGIN SELECT RAISE(ABORT, 'booking_overrides is append-only: record a correcting entry instead'); END;
-- trigger booking_overrides_no_replace on booking_overrides
CREATE TRIGGER booking_overrides_no_replace BEFORE INSERT ON booking_overrides WHEN EXISTS (SELECT 1 FROM booking_overrides WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'booking_overrides is append-only: record a correcting entry instead'); END;
-- trigger booking_overrides_no_update on booking_overrides
CREATE TRIGGER booking_overrides_no_update BEFORE UPDATE ON booking_overrides BEGIN SELECT RAISE(ABORT, 'booking_overrides is append-only: record a correcting entry instead'); END;
-- trigger chain_no_delete on chain
CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain BEGIN SELECT RAISE(ABORT, 'chain is append-only: record a correcting entry instead'); END;
-- trigger chain_no_replace on chain
CREATE TRIGGER chain_no_replace BEFORE INSERT ON chain WHEN EXISTS (SELECT 1 FROM chain WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'chain is append-only: record a correcting entry instead'); END;
-- trigger chain_no_update on chain
CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain BEGIN SELECT RAISE(ABORT, 'chain is append-only: record a correcting entry instead'); END;
-- trigger checkpoints_no_delete on checkpoints
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints is append-only: record a correcting entry instead'); END;
-- trigger checkpoints_no_replace on checkpoints
CREATE TRIGGER checkpoints_no_replace BEFORE INSERT ON checkpoints WHEN EXISTS (SELECT 1 FROM checkpoints WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'checkpoints is append-only: record a correcting entry instead'); END;
-- trigger checkpoints_no_update on checkpoints
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints is append-only: record a correcting entry instead'); END;
-- trigger checkpoints_why_known_insert on checkpoints
CREATE TRIGGER checkpoints_why_known_insert BEFORE INSERT ON checkpoints WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'checkpoint_reason' AND value = NEW.why) BEGIN SELECT RAISE(ABORT, 'checkpoints.why: not a value of the checkpoint_reason list'); END;
-- trigger concern_changes_change_known_insert on concern_changes
CREATE TRIGGER concern_changes_change_known_insert BEFORE INSERT ON concern_changes WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'concern_change' AND value = NEW.change) BEGIN SELECT RAISE(ABORT, 'concern_changes.change: not a value of the concern_change list'); END;
-- trigger concern_changes_no_delete on concern_changes
CREATE TRIGGER concern_changes_no_delete BEFORE DELETE ON concern_changes BEGIN SELECT RAISE(ABORT, 'concern_changes is append-only: record a correcting entry instead'); END;
-- trigger concern_changes_no_replace on concern_changes
CREATE TRIGGER concern_changes_no_replace BEFORE INSERT ON concern_changes WHEN EXISTS (SELECT 1 FROM concern_changes WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'concern_changes is append-only: record a correcting entry instead'); END;
-- trigger concern_changes_no_update on concern_changes
CREATE TRIGGER concern_changes_no_update BEFORE UPDATE ON concern_changes BEGIN SELECT RAISE(ABORT, 'concern_changes is append-only: record a correcting entry instead'); END;
-- trigger concerns_chaperone_scope_known_insert on concerns
CREATE TRIGGER concerns_chaperone_scope_known_insert BEFORE INSERT ON concerns WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'chaperone_scope' AND value = NEW.chaperone_scope) BEGIN SELECT RAISE(ABORT, 'concerns.chaperone_scope: not a value of the chaperone_scope list'); END;
-- trigger concerns_chaperone_scope_known_update on concerns
CREATE TRIGGER concerns_chaperone_scope_known_update BEFORE UPDATE OF chaperone_scope ON concerns WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'chaperone_scope' AND value = NEW.chaperone_scope) BEGIN SELECT RAISE(ABORT, 'concerns.chaperone_scope: not a value of the chaperone_scope list'); END;
-- trigger concerns_kind_known_insert on concerns
CREATE TRIGGER concerns_kind_known_insert BEFORE INSERT ON concerns WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'concern_kind' AND value = NEW.kind) BEGIN SELECT RAISE(ABORT, 'concerns.kind: not a value of the concern_kind list'); END;
-- trigger concerns_kind_known_update on concerns
CREATE TRIGGER concerns_kind_known_update BEFORE UPDATE OF kind ON concerns WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'concern_kind' AND value = NEW.kind) BEGIN SELECT RAISE(ABORT, 'concerns.kind: not a value of the concern_kind list'); END;
-- trigger contacts_channel_known_insert on contacts
CREATE TRIGGER contacts_channel_known_insert BEFORE INSERT ON contacts WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'contact_channel' AND value = NEW.channel) BEGIN SELECT RAISE(ABORT, 'contacts.channel: not a value of the contact_channel list'); END;
-- trigger contacts_gift_handling_known_insert on contacts
CREATE TRIGGER contacts_gift_handling_known_insert BEFORE INSERT ON contacts WHEN NEW.gift_handling IS NOT NULL AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'gift_handling' AND value = NEW.gift_handling) BEGIN SELECT RAISE(ABORT, 'contacts.gift_handling: not a value of the gift_handling list'); END;
-- trigger contacts_no_delete on contacts
CREATE TRIGGER contacts_no_delete BEFORE DELETE ON contacts BEGIN SELECT RAISE(ABORT, 'contacts is append-only: record a correcting entry instead'); END;
-- trigger contacts_no_replace on contacts
CREATE TRIGGER contacts_no_replace BEFORE INSERT ON contacts WHEN EXISTS (SELECT 1 FROM contacts WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'contacts is append-only: record a correcting entry instead'); END;
-- trigger contacts_no_update on contacts
CREATE TRIGGER contacts_no_update BEFORE UPDATE ON contacts BEGIN SELECT RAISE(ABORT, 'contacts is append-only: record a correcting entry instead'); END;
-- trigger contacts_severity_known_insert on contacts
CREATE TRIGGER contacts_severity_known_insert BEFORE INSERT ON contacts WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'severity' AND value = NEW.severity) BEGIN SELECT RAISE(ABORT, 'contacts.severity: not a value of the severity list'); END;
-- trigger disclosures_no_delete on disclosures
CREATE TRIGGER disclosures_no_delete BEFORE DELETE ON disclosures BEGIN SELECT RAISE(ABORT, 'disclosures is append-only: record a correcting entry instead'); END;
-- trigger disclosures_no_replace on disclosures
CREATE TRIGGER disclosures_no_replace BEFORE INSERT ON disclosures WHEN EXISTS (SELECT 1 FROM disclosures WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'disclosures is append-only: record a correcting entry instead'); END;
-- trigger disclosures_no_update on disclosures
CREATE TRIGGER disclosures_no_update BEFORE UPDATE ON disclosures BEGIN SELECT RAISE(ABORT, 'disclosures is append-only: record a correcting entry instead'); END;
-- trigger disclosures_recipient_known_insert on disclosures
CREATE TRIGGER disclosures_recipient_known_insert BEFORE INSERT ON disclosures WHEN NEW.recipient IS NOT NULL AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'recipient' AND value = NEW.recipient) BEGIN SELECT RAISE(ABORT, 'disclosures.recipient: not a value of the recipient list'); END;
-- trigger disclosures_what_known_insert on disclosures
CREATE TRIGGER disclosures_what_known_insert BEFORE INSERT ON disclosures WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'disclosure' AND value = NEW.what) BEGIN SELECT RAISE(ABORT, 'disclosures.what: not a value of the disclosure list'); END;
-- trigger override_reviews_no_delete on override_reviews
CREATE TRIGGER override_reviews_no_delete BEFORE DELETE ON override_reviews BEGIN SELECT RAISE(ABORT, 'override_reviews is append-only: record a correcting entry instead'); END;
-- trigger override_reviews_no_replace on override_reviews
CREATE TRIGGER override_reviews_no_replace BEFORE INSERT ON override_reviews WHEN EXISTS (SELECT 1 FROM override_reviews WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'override_reviews is append-only: record a correcting entry instead'); END;
-- trigger override_reviews_no_update on override_reviews
CREATE TRIGGER override_reviews_no_update BEFORE UPDATE ON override_reviews BEGIN SELECT RAISE(ABORT, 'override_reviews is append-only: record a correcting entry instead'); END;
-- trigger patient_chain_starts_no_delete on patient_chain_starts
CREATE TRIGGER patient_chain_starts_no_delete BEFORE DELETE ON patient_chain_starts BEGIN SELECT RAISE(ABORT, 'patient_chain_starts is append-only: record a correcting entry instead'); END;
-- trigger patient_chain_starts_no_replace on patient_chain_starts
CREATE TRIGGER patient_chain_starts_no_replace BEFORE INSERT ON patient_chain_starts WHEN EXISTS (SELECT 1 FROM patient_chain_starts WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'patient_chain_starts is append-only: record a correcting entry instead'); END;
-- trigger patient_chain_starts_no_update on patient_chain_starts
CREATE TRIGGER patient_chain_starts_no_update BEFORE UPDATE ON patient_chain_starts BEGIN SELECT RAISE(ABORT, 'patient_chain_starts is append-only: record a correcting entry instead'); END;
-- trigger patient_changes_change_known_insert on patient_changes
CREATE TRIGGER patient_changes_change_known_insert BEFORE INSERT ON patient_changes WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'patient_change' AND value = NEW.change) BEGIN SELECT RAISE(ABORT, 'patient_changes.change: not a value of the patient_change list'); END;
-- trigger patient_changes_no_delete on patient_changes
CREATE TRIGGER patient_changes_no_delete BEFORE DELETE ON patient_changes BEGIN SELECT RAISE(ABORT, 'patient_changes is append-only: record a correcting entry instead'); END;
-- trigger patient_changes_no_replace on patient_changes
CREATE TRIGGER patient_changes_no_replace BEFORE INSERT ON patient_changes WHEN EXISTS (SELECT 1 FROM patient_changes WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'patient_changes is append-only: record a correcting entry instead'); END;
-- trigger patient_changes_no_update on patient_changes
CREATE TRIGGER patient_changes_no_update BEFORE UPDATE ON patient_changes BEGIN SELECT RAISE(ABORT, 'patient_changes is append-only: record a correcting entry instead'); END;
-- trigger patients_ad on patients
CREATE TRIGGER "patients_ad" AFTER DELETE ON "patients" BEGIN INSERT INTO "patients_fts" ("patients_fts", rowid, "search_name") VALUES('delete', old.rowid, old."search_name"); END;
-- trigger patients_ai on patients
CREATE TRIGGER "patients_ai" AFTER INSERT ON "patients" BEGIN INSERT INTO "patients_fts" (rowid, "search_name") VALUES (new.rowid, new."search_name"); END;
-- trigger patients_au on patients
CREATE TRIGGER "patients_au" AFTER UPDATE ON "patients" BEGIN INSERT INTO "patients_fts" ("patients_fts", rowid, "search_name") VALUES('delete', old.rowid, old."search_name"); INSERT INTO "patients_fts" (rowid, "search_name") VALUES (new.rowid, new."search_name"); END;
-- trigger schema_seals_no_delete on schema_seals
CREATE TRIGGER schema_seals_no_delete BEFORE DELETE ON schema_seals BEGIN SELECT RAISE(ABORT, 'schema_seals is append-only: record a correcting entry instead'); END;
-- trigger schema_seals_no_replace on schema_seals
CREATE TRIGGER schema_seals_no_replace BEFORE INSERT ON schema_seals WHEN EXISTS (SELECT 1 FROM schema_seals WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'schema_seals is append-only: record a correcting entry instead'); END;
-- trigger schema_seals_no_update on schema_seals
CREATE TRIGGER schema_seals_no_update BEFORE UPDATE ON schema_seals BEGIN SELECT RAISE(ABORT, 'schema_seals is append-only: record a correcting entry instead'); END;
-- trigger settings_changes_no_delete on settings_changes
CREATE TRIGGER settings_changes_no_delete BEFORE DELETE ON settings_changes BEGIN SELECT RAISE(ABORT, 'settings_changes is append-only: record a correcting entry instead'); END;
-- trigger settings_changes_no_replace on settings_changes
CREATE TRIGGER settings_changes_no_replace BEFORE INSERT ON settings_changes WHEN EXISTS (SELECT 1 FROM settings_changes WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'settings_changes is append-only: record a correcting entry instead'); END;
-- trigger settings_changes_no_update on settings_changes
CREATE TRIGGER settings_changes_no_update BEFORE UPDATE ON settings_changes BEGIN SELECT RAISE(ABORT, 'settings_changes is append-only: record a correcting entry instead'); END;
-- trigger sign_in_events_no_delete on sign_in_events
CREATE TRIGGER sign_in_events_no_delete BEFORE DELETE ON sign_in_events BEGIN SELECT RAISE(ABORT, 'sign_in_events is append-only: record a correcting entry instead'); END;
-- trigger sign_in_events_no_replace on sign_in_events
CREATE TRIGGER sign_in_events_no_replace BEFORE INSERT ON sign_in_events WHEN EXISTS (SELECT 1 FROM sign_in_events WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'sign_in_events is append-only: record a correcting entry instead'); END;
-- trigger sign_in_events_no_update on sign_in_events
CREATE TRIGGER sign_in_events_no_update BEFORE UPDATE ON sign_in_events BEGIN SELECT RAISE(ABORT, 'sign_in_events is append-only: record a correcting entry instead'); END;
-- trigger staff_changes_change_known_insert on staff_changes
CREATE TRIGGER staff_changes_change_known_insert BEFORE INSERT ON staff_changes WHEN NOT EXISTS (SELECT 1 FROM vocabulary WHERE list = 'staff_change' AND value = NEW.change) BEGIN SELECT RAISE(ABORT, 'staff_changes.change: not a value of the staff_change list'); END;
-- trigger staff_changes_no_delete on staff_changes
CREATE TRIGGER staff_changes_no_delete BEFORE DELETE ON staff_changes BEGIN SELECT RAISE(ABORT, 'staff_changes is append-only: record a correcting entry instead'); END;
-- trigger staff_changes_no_replace on staff_changes
CREATE TRIGGER staff_changes_no_replace BEFORE INSERT ON staff_changes WHEN EXISTS (SELECT 1 FROM staff_changes WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'staff_changes is append-only: record a correcting entry instead'); END;
-- trigger staff_changes_no_update on staff_changes
CREATE TRIGGER staff_changes_no_update BEFORE UPDATE ON staff_changes BEGIN SELECT RAISE(ABORT, 'staff_changes is append-only: record a correcting entry instead'); END;
-- trigger vocabulary_no_delete on vocabulary
CREATE TRIGGER vocabulary_no_delete BEFORE DELETE ON vocabulary BEGIN SELECT RAISE(ABORT, 'vocabulary values are never changed or removed: entries already saved use them'); END;
-- trigger vocabulary_no_update on vocabulary
CREATE TRIGGER vocabulary_no_update BEFORE UPDATE ON vocabulary BEGIN SELECT RAISE(ABORT, 'vocabulary values are never changed or removed: entries already saved use them'); END;
-- vocabulary action_kind care_transferred
-- vocabulary action_kind chaperone_arranged
-- vocabulary action_kind concern_closed
-- vocabulary action_kind concern_reviewed
-- vocabulary action_kind defence_body_contacted
-- vocabulary action_kind line_manager_informed
-- vocabulary action_kind other
-- vocabulary action_kind police_reported
-- vocabulary action_kind police_warning
-- vocabulary action_kind removal_confirmed_in_writing
-- vocabulary action_kind removal_effective
-- vocabulary action_kind removal_requested
-- vocabulary action_kind spo_granted
-- vocabulary action_kind spoke_to_patient
-- vocabulary action_kind warning_letter_sent
-- vocabulary appointment_change as_found
-- vocabulary appointment_change booked
-- vocabulary appointment_change cancelled
-- vocabulary appointment_change moved
-- vocabulary attachment_source command_line
-- vocabulary attachment_source desk
-- vocabulary attachment_source inbox
-- vocabulary chaperone_scope all
-- vocabulary chaperone_scope none
-- vocabulary chaperone_scope targets
-- vocabulary checkpoint_reason backup
-- vocabulary checkpoint_reason bundle
-- vocabulary checkpoint_reason by_hand
-- vocabulary checkpoint_reason daily
-- vocabulary checkpoint_reason export
-- vocabulary concern_change allowed_changed
-- vocabulary concern_change closed
-- vocabulary concern_change kind_changed
-- vocabulary concern_change opened
-- vocabulary concern_change review_date_changed
-- vocabulary concern_change reviewed
-- vocabulary concern_change scope_changed
-- vocabulary concern_change summary_changed
-- vocabulary concern_change targets_changed
-- vocabulary concern_kind aggression
-- vocabulary concern_kind amorous_advances
-- vocabulary concern_kind harassment
-- vocabulary concern_kind other
-- vocabulary concern_kind stalking
-- vocabulary contact_channel at_staff_home
-- vocabulary contact_channel card
-- vocabulary contact_channel email
-- vocabulary contact_channel gift
-- vocabulary contact_channel in_person
-- vocabulary contact_channel letter
-- vocabulary contact_channel other
-- vocabulary contact_channel phone_call
-- vocabulary contact_channel social_media
-- vocabulary contact_channel text_message
-- vocabulary contact_channel via_someone_else
-- vocabulary contact_channel waiting_outside
-- vocabulary disclosure bundled
-- vocabulary disclosure details_viewed
-- vocabulary disclosure entry_viewed
-- vocabulary disclosure exported
-- vocabulary disclosure timeline_viewed
-- vocabulary gift_handling kept_and_declared
-- vocabulary gift_handling refused
-- vocabulary gift_handling returned
-- vocabulary gift_handling shared_with_staff
-- vocabulary patient_change as_found
-- vocabulary patient_change removed
-- vocabulary recipient defence_body
-- vocabulary recipient other
-- vocabulary recipient patient_sar
-- vocabulary recipient police
-- vocabulary recipient practice
-- vocabulary recipient regulator
-- vocabulary removal_route immediate
-- vocabulary removal_route ordinary
-- vocabulary severity concerning
-- vocabulary severity note
-- vocabulary severity threatening
-- vocabulary staff_change added
-- vocabulary staff_change as_found
-- vocabulary staff_change diary_changed
-- vocabulary staff_change disabled
-- vocabulary staff_change lock_lifted
-- vocabulary staff_change pin_changed
-- vocabulary staff_change pin_reset
-- vocabulary staff_change pin_set
-- vocabulary staff_change role_changed
