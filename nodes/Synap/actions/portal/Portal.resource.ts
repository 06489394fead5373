/**
 * Portal: get and update your Synap portal's settings.
 *
 * Update Portal's body is SEEN (update-portal page); its path was cut off, so `/portals/{id}` is
 * INFERRED, and so is Get. There is no list endpoint, so the portal is picked by ID.
 * Nested settings are JSON fields: the page lists their members but was cut off inside
 * `styleConfig`, and does not say whether a partial object is merged or replaces the old one.
 */
import { extraInformation, fileAttribute, nameAttribute } from '../shared/commonFields';
import { standardOperations } from '../shared/operations';
import type { AttributeSpec, ResourceSpec } from '../shared/spec';

const json = (name: string, label: string, description: string, placeholder?: string): AttributeSpec => ({
	name,
	label: `${label} (JSON)`,
	type: 'json',
	description,
	...(placeholder ? { placeholder } : {}),
});

const portalAttributes: AttributeSpec[] = [
	nameAttribute('portal'),
	fileAttribute('headerIcon', 'Header Icon', 'logo shown in the portal header'),
	fileAttribute('favicon', 'Favicon', 'browser tab icon'),
	fileAttribute('squareIcon', 'Square Icon', 'square logo used for app icons and small spaces'),
	{
		name: 'hostnameWhitelist',
		label: 'Hostname Allowlist',
		type: 'stringList',
		placeholder: 'e.g. acme.synap.ac,learn.acme.com',
		description: 'Host names the portal may be served from, comma-separated',
	},
	extraInformation,
	json(
		'emailSettings',
		'Email Settings',
		'Sender, welcome email and limits: {fromEmail, fromName, marketingEmailsConsent, isDisabled, welcomeEmail{subject, body}, header{logoUrl}, maxPerWeek, address}',
		'{"fromName": "Acme Learning", "welcomeEmail": {"subject": "Welcome", "body": "…"}}',
	),
	json(
		'externalApi',
		'External Integrations',
		'Keys for Intercom, Segment and Google Analytics: {intercom{idvKey}, segment{apiKey, webKey, …}, googleAnalytics{webKey}}',
	),
	json(
		'registrationSettings',
		'Registration Settings',
		'The sign-up page: {pageTitle, pageDescription, registerMethod (e.g. "open"), collectAttrs, selectUserGroup, emailVerification, domainWhitelist, localeConfig, …}',
		'{"pageTitle": "Join Acme Learning", "registerMethod": "open"}',
	),
	json(
		'affiliation',
		'Social Links',
		'Links to your social profiles (twitter, facebook, linkedIn, youtube), each shaped like the example',
		'{"linkedIn": {"url": "https://www.linkedin.com/company/acme"}}',
	),
	json('webMetaInfo', 'Web Meta Info', 'What search engines and link previews show: {site{siteName, description, imageUrl}}'),
	json('styleConfig', 'Style', 'Branding and theme: {brand, font, button, chart, navigationBar, ui, …}', '{"brand": {"primaryColor": "#1F4E79"}}'),
];

export const portal: ResourceSpec = {
	value: 'portal',
	name: 'Portal',
	endpoint: 'portals',
	simplifyFields: ['id', 'type', 'name', 'hostnameWhitelist', 'createdAt', 'updatedAt'],
	attributes: portalAttributes,
	relationships: [],
	notice:
		'Settings fields take a JSON object. Synap does not document whether a partial object is merged, so Get the portal first and send the whole object with your change.',
	operations: standardOperations({ one: 'portal', many: 'portals' }, ['get', 'update'], {
		get: { description: 'Get the portal\'s name, branding, email and registration settings' },
		update: { description: 'Change the portal\'s name, branding, email or registration settings' },
	}),
};
