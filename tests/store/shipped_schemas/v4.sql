-- index actions_patient on actions
CREATE INDEX actions_patient ON actions(patient_id, occurred_at);
-- index appointments_patient on appointments
CREATE INDEX appointments_patient ON appointments(patient_id, starts_at);
-- index appointments_slot on appointments
CREATE UNIQUE INDEX appointments_slot ON appointments(clinician_id, starts_at) WHERE status = 'booked';
-- index booking_overrides_patient on booking_overrides
CREATE INDEX booking_overrides_patient ON booking_overrides(patient_id, recorded_at);
-- index concern_changes_patient on concern_changes
CREATE INDEX concern_changes_patient ON concern_changes(patient_id, recorded_at);
-- index concern_targets_staff on concern_targets
CREATE INDEX concern_targets_staff ON concern_targets(staff_id);
-- index concerns_patient on concerns
CREATE INDEX concerns_patient ON concerns(patient_id, status);
-- index contacts_patient on contacts
CREATE INDEX contacts_patient ON contacts(patient_id, occurred_at);
-- index patients_dob on patients
CREATE INDEX patients_dob ON patients(date_of_birth);
-- index patients_phone on patients
CREATE INDEX patients_phone ON patients(phone_digits);
-- index patients_postcode on patients
CREATE INDEX patients_postcode ON patients(postcode_key);
-- table actions on actions
CREATE TABLE actions ( id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), concern_id INTEGER REFERENCES concerns(id), kind TEXT NOT NULL CHECK (kind IN ('spoke_to_patient', 'defence_body_contacted', 'line_manager_informed', 'warning_letter_sent', 'care_transferred', 'chaperone_arranged', 'police_reported', 'police_warning', 'removal_requested', 'removal_effective', 'removal_confirmed_in_writing', 'spo_granted', 'concern_reviewed', 'concern_closed', 'other')), occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_by INTEGER NOT NULL REFERENCES staff(id), notes TEXT NOT NULL DEFAULT '', signed_by TEXT NOT NULL DEFAULT '', organisation TEXT NOT NULL DEFAULT '', officer TEXT NOT NULL DEFAULT '', crime_reference TEXT NOT NULL DEFAULT '', removal_route TEXT CHECK (removal_route IS NULL OR removal_route IN ('ordinary', 'immediate')), effective_on TEXT, expires_on TEXT, amends_id INTEGER REFERENCES actions(id), amend_reason TEXT NOT NULL DEFAULT '' );
-- table appointments on appointments
CREATE TABLE appointments ( id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), clinician_id INTEGER NOT NULL REFERENCES clinicians(id), starts_at TEXT NOT NULL, minutes INTEGER NOT NULL DEFAULT 10, chaperone_required INTEGER NOT NULL DEFAULT 0 CHECK (chaperone_required IN (0, 1)), chaperone_name TEXT, status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')), booked_at TEXT NOT NULL, booked_by INTEGER NOT NULL REFERENCES staff(id), cancelled_at TEXT, cancelled_by INTEGER REFERENCES staff(id), CHECK (chaperone_required = 0 OR trim(coalesce(chaperone_name, '')) <> '') );
-- table booking_overrides on booking_overrides
CREATE TABLE booking_overrides ( id INTEGER PRIMARY KEY, appointment_id INTEGER NOT NULL UNIQUE REFERENCES appointments(id), patient_id INTEGER NOT NULL REFERENCES patients(id), clinician_id INTEGER NOT NULL REFERENCES clinicians(id), reason TEXT NOT NULL CHECK (trim(reason) <> ''), chaperone_name TEXT NOT NULL CHECK (trim(chaperone_name) <> ''), recorded_at TEXT NOT NULL, recorded_by INTEGER NOT NULL REFERENCES staff(id) );
-- table chain on chain
CREATE TABLE chain ( id INTEGER PRIMARY KEY, table_name TEXT NOT NULL, row_id INTEGER NOT NULL, columns TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, UNIQUE (table_name, row_id) );
-- table clinicians on clinicians
CREATE TABLE clinicians ( id INTEGER PRIMARY KEY, staff_id INTEGER NOT NULL UNIQUE REFERENCES staff(id), job_title TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)), created_at TEXT NOT NULL, created_by TEXT NOT NULL );
-- table concern_changes on concern_changes
CREATE TABLE concern_changes ( id INTEGER PRIMARY KEY, concern_id INTEGER NOT NULL REFERENCES concerns(id), patient_id INTEGER NOT NULL REFERENCES patients(id), change TEXT NOT NULL CHECK (change IN ('opened', 'targets_changed', 'scope_changed', 'review_date_changed', 'summary_changed', 'reviewed', 'closed')), detail TEXT NOT NULL DEFAULT '', state TEXT NOT NULL DEFAULT '{}', reason TEXT NOT NULL DEFAULT '', recorded_at TEXT NOT NULL, recorded_by INTEGER NOT NULL REFERENCES staff(id) );
-- table concern_targets on concern_targets
CREATE TABLE concern_targets ( concern_id INTEGER NOT NULL REFERENCES concerns(id), staff_id INTEGER NOT NULL REFERENCES staff(id), PRIMARY KEY (concern_id, staff_id) );
-- table concerns on concerns
CREATE TABLE concerns ( id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), kind TEXT NOT NULL CHECK (kind IN ('amorous_advances', 'harassment', 'stalking', 'aggression', 'other')), chaperone_scope TEXT NOT NULL CHECK (chaperone_scope IN ('none', 'targets', 'all')), summary TEXT NOT NULL DEFAULT '', review_on TEXT, status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')), opened_at TEXT NOT NULL, opened_by INTEGER NOT NULL REFERENCES staff(id), closed_at TEXT, closed_by INTEGER REFERENCES staff(id), close_reason TEXT, updated_at TEXT NOT NULL, updated_by INTEGER NOT NULL REFERENCES staff(id) );
-- table contacts on contacts
CREATE TABLE contacts ( id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), concern_id INTEGER REFERENCES concerns(id), occurred_at TEXT NOT NULL, logged_at TEXT NOT NULL, logged_by INTEGER NOT NULL REFERENCES staff(id), channel TEXT NOT NULL CHECK (channel IN ('letter', 'card', 'gift', 'phone_call', 'text_message', 'email', 'social_media', 'in_person', 'at_staff_home', 'waiting_outside', 'via_someone_else', 'other')), aimed_at TEXT NOT NULL DEFAULT '[]', description TEXT NOT NULL CHECK (trim(description) <> ''), evidence_location TEXT NOT NULL DEFAULT '', gift_handling TEXT CHECK (gift_handling IS NULL OR gift_handling IN ('refused', 'returned', 'shared_with_staff', 'kept_and_declared')), witnesses TEXT NOT NULL DEFAULT '', effect TEXT NOT NULL DEFAULT '', severity TEXT NOT NULL CHECK (severity IN ('note', 'concerning', 'threatening')), police_called INTEGER NOT NULL DEFAULT 0 CHECK (police_called IN (0, 1)), police_officer TEXT NOT NULL DEFAULT '', police_reference TEXT NOT NULL DEFAULT '', amends_id INTEGER REFERENCES contacts(id), amend_reason TEXT NOT NULL DEFAULT '', CHECK (occurred_at <= logged_at) );
-- table override_reviews on override_reviews
CREATE TABLE override_reviews ( id INTEGER PRIMARY KEY, override_id INTEGER NOT NULL UNIQUE REFERENCES booking_overrides(id), note TEXT NOT NULL DEFAULT '', reviewed_at TEXT NOT NULL, reviewed_by INTEGER NOT NULL REFERENCES staff(id) );
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
-- table settings on settings
CREATE TABLE settings ( key TEXT PRIMARY KEY, value TEXT NOT NULL );
-- table sign_in_events on sign_in_events
CREATE TABLE sign_in_events ( id INTEGER PRIMARY KEY, staff_id INTEGER NOT NULL REFERENCES staff(id), at TEXT NOT NULL, outcome TEXT NOT NULL );
-- table staff on staff
CREATE TABLE staff ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''), role TEXT NOT NULL CHECK (role IN ('reception', 'clinician', 'manager')), pin_hash TEXT, disabled_at TEXT, failed_pins INTEGER NOT NULL DEFAULT 0, locked_until TEXT, created_at TEXT NOT NULL, created_by TEXT NOT NULL , disabled_by TEXT);
-- trigger actions_no_delete on actions
CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions BEGIN SELECT RAISE(ABORT, 'actions is append-only: record a correcting entry instead'); END;
-- trigger actions_no_replace on actions
CREATE TRIGGER actions_no_replace BEFORE INSERT ON actions WHEN EXISTS (SELECT 1 FROM actions WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'actions is append-only: record a correcting entry instead'); END;
-- trigger actions_no_update on actions
CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions BEGIN SELECT RAISE(ABORT, 'actions is append-only: record a correcting entry instead'); END;
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
-- trigger concern_changes_no_delete on concern_changes
CREATE TRIGGER concern_changes_no_delete BEFORE DELETE ON concern_changes BEGIN SELECT RAISE(ABORT, 'concern_changes is append-only: record a correcting entry instead'); END;
-- trigger concern_changes_no_replace on concern_changes
CREATE TRIGGER concern_changes_no_replace BEFORE INSERT ON concern_changes WHEN EXISTS (SELECT 1 FROM concern_changes WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'concern_changes is append-only: record a correcting entry instead'); END;
-- trigger concern_changes_no_update on concern_changes
CREATE TRIGGER concern_changes_no_update BEFORE UPDATE ON concern_changes BEGIN SELECT RAISE(ABORT, 'concern_changes is append-only: record a correcting entry instead'); END;
-- trigger contacts_no_delete on contacts
CREATE TRIGGER contacts_no_delete BEFORE DELETE ON contacts BEGIN SELECT RAISE(ABORT, 'contacts is append-only: record a correcting entry instead'); END;
-- trigger contacts_no_replace on contacts
CREATE TRIGGER contacts_no_replace BEFORE INSERT ON contacts WHEN EXISTS (SELECT 1 FROM contacts WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'contacts is append-only: record a correcting entry instead'); END;
-- trigger contacts_no_update on contacts
CREATE TRIGGER contacts_no_update BEFORE UPDATE ON contacts BEGIN SELECT RAISE(ABORT, 'contacts is append-only: record a correcting entry instead'); END;
-- trigger override_reviews_no_delete on override_reviews
CREATE TRIGGER override_reviews_no_delete BEFORE DELETE ON override_reviews BEGIN SELECT RAISE(ABORT, 'override_reviews is append-only: record a correcting entry instead'); END;
-- trigger override_reviews_no_replace on override_reviews
CREATE TRIGGER override_reviews_no_replace BEFORE INSERT ON override_reviews WHEN EXISTS (SELECT 1 FROM override_reviews WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'override_reviews is append-only: record a correcting entry instead'); END;
-- trigger override_reviews_no_update on override_reviews
CREATE TRIGGER override_reviews_no_update BEFORE UPDATE ON override_reviews BEGIN SELECT RAISE(ABORT, 'override_reviews is append-only: record a correcting entry instead'); END;
-- trigger patients_ad on patients
CREATE TRIGGER "patients_ad" AFTER DELETE ON "patients" BEGIN INSERT INTO "patients_fts" ("patients_fts", rowid, "search_name") VALUES('delete', old.rowid, old."search_name"); END;
-- trigger patients_ai on patients
CREATE TRIGGER "patients_ai" AFTER INSERT ON "patients" BEGIN INSERT INTO "patients_fts" (rowid, "search_name") VALUES (new.rowid, new."search_name"); END;
-- trigger patients_au on patients
CREATE TRIGGER "patients_au" AFTER UPDATE ON "patients" BEGIN INSERT INTO "patients_fts" ("patients_fts", rowid, "search_name") VALUES('delete', old.rowid, old."search_name"); INSERT INTO "patients_fts" (rowid, "search_name") VALUES (new.rowid, new."search_name"); END;
-- trigger sign_in_events_no_delete on sign_in_events
CREATE TRIGGER sign_in_events_no_delete BEFORE DELETE ON sign_in_events BEGIN SELECT RAISE(ABORT, 'sign_in_events is append-only: record a correcting entry instead'); END;
-- trigger sign_in_events_no_replace on sign_in_events
CREATE TRIGGER sign_in_events_no_replace BEFORE INSERT ON sign_in_events WHEN EXISTS (SELECT 1 FROM sign_in_events WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'sign_in_events is append-only: record a correcting entry instead'); END;
-- trigger sign_in_events_no_update on sign_in_events
CREATE TRIGGER sign_in_events_no_update BEFORE UPDATE ON sign_in_events BEGIN SELECT RAISE(ABORT, 'sign_in_events is append-only: record a correcting entry instead'); END;
