import { randomBytes } from 'node:crypto';

let seq = 0;

/** A valid TMF629 Customer_Create body; `overrides` replace top-level attributes. */
export function customerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return {
    name: `Customer ${seq} ${randomBytes(3).toString('hex')}`,
    engagedParty: { id: `org-${seq}`, '@referredType': 'Organization', name: `Org ${seq}` },
    ...overrides,
  };
}

/** A customer with every attribute of the v4 Customer schema set. */
export function fullCustomerBody(): Record<string, unknown> {
  return customerBody({
    name: 'Globex Corporation',
    status: 'Approved',
    statusReason: 'Credit check passed',
    '@type': 'Customer',
    '@baseType': 'PartyRole',
    '@schemaLocation': 'https://example.com/schemas/Customer.schema.json',
    account: [{ name: 'Globex main billing', '@referredType': 'BillingAccount', description: 'Invoices to HQ' }, { id: 'fin-7', name: 'Globex finance', '@referredType': 'FinancialAccount', href: 'https://fin.example.com/account/fin-7' }],
    agreement: [{ id: 'agr-1', name: 'Frame agreement 2024', href: 'https://example.com/agreement/agr-1', '@referredType': 'Agreement' }],
    characteristic: [
      { name: 'numberOfEmployees', value: 1200, valueType: 'integer' },
      { name: 'industry', value: 'manufacturing', valueType: 'string' },
      { name: 'tags', value: ['b2b', 'gold'], '@type': 'ArrayCharacteristic' },
    ],
    contactMedium: [
      {
        mediumType: 'email',
        preferred: true,
        characteristic: { emailAddress: 'billing@globex.example', contactType: 'billing' },
        validFor: { startDateTime: '2024-01-01T00:00:00Z' },
      },
      {
        mediumType: 'postalAddress',
        characteristic: { street1: '1 Globex Way', street2: 'Floor 3', city: 'Springfield', postCode: '12345', stateOrProvince: 'OR', country: 'US', contactType: 'hq' },
      },
      { mediumType: 'telephone', characteristic: { phoneNumber: '+1 555 0100', faxNumber: '+1 555 0101', socialNetworkId: '@globex' } },
    ],
    creditProfile: [{ creditProfileDate: '2024-03-01T10:00:00Z', creditRiskRating: 2, creditScore: 780, validFor: { startDateTime: '2024-03-01T00:00:00Z', endDateTime: '2025-03-01T00:00:00Z' } }],
    engagedParty: { id: 'org-globex', name: 'Globex', '@referredType': 'Organization', href: 'https://example.com/organization/org-globex', role: 'owner' },
    paymentMethod: [{ id: 'pm-1', name: 'Direct debit', '@referredType': 'BankAccountDebit', href: 'https://example.com/paymentMethod/pm-1' }],
    relatedParty: [
      { id: 'emp-9', name: 'Jane Doe', role: 'accountManager', '@referredType': 'Individual' },
      { id: 'emp-10', name: 'John Roe', role: 'technicalContact', '@referredType': 'Individual' },
    ],
    validFor: { startDateTime: '2024-01-01T00:00:00Z', endDateTime: '2030-12-31T23:59:59Z' },
  });
}
