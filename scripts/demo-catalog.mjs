// Deterministic demo product catalog for `npm run demo`: a B2B telecom portfolio (connectivity, mobile fleet, IoT,
// cloud, security) loaded through the TMF620 API itself, so the demo shows what a client would see and the
// server's reference checks run on it. The server assigns every id, so resources are created in dependency order
// (specifications, discounts, prices, categories, offerings, bundles, catalog) and later ones use the returned ids.
// Prices are net amounts in EUR; recurring and one-time fees carry 19 % VAT.

const FROM_2025 = { startDateTime: '2025-01-01T00:00:00Z' };
const BRAND = 'NordLink Business';
const VAT = [{ taxCategory: 'VAT', taxRate: 0.19 }];
const eur = (value) => ({ unit: 'EUR', value });
const term = (months) => ({ name: `${months} months`, description: `Minimum commitment of ${months} months`, duration: { amount: months, units: 'month' } });

const SEGMENTS = {
  smb: { id: 'seg-smb', name: 'Small and medium businesses' },
  enterprise: { id: 'seg-enterprise', name: 'Enterprise' },
  dataHeavy: { id: 'seg-data-heavy', name: 'Data-heavy businesses' },
  mobileFleet: { id: 'seg-mobile-fleet', name: 'Mobile fleet' },
  iot: { id: 'seg-iot', name: 'IoT and M2M' },
  security: { id: 'seg-security-conscious', name: 'Security-conscious organisations' },
};
const CHANNELS = {
  web: { id: 'ch-web', name: 'Business web shop' },
  direct: { id: 'ch-direct-sales', name: 'Direct sales' },
  partner: { id: 'ch-partner', name: 'Reseller partners' },
};

// --- Product specifications: what is sold, with the characteristics an order chooses from. -----------------

/** A characteristic with its allowed values; `[value, isDefault]` pairs share one unit of measure. */
function characteristic(name, description, valueType, unitOfMeasure, values) {
  return {
    name,
    description,
    valueType,
    configurable: values.length > 1,
    minCardinality: 1,
    maxCardinality: 1,
    productSpecCharacteristicValue: values.map(([value, isDefault = false]) => ({
      valueType: typeof value === 'number' ? valueType : 'string',
      value,
      isDefault,
      ...(unitOfMeasure && typeof value === 'number' ? { unitOfMeasure } : {}),
    })),
  };
}
const bandwidth = (unit, ...values) => characteristic('bandwidth', 'Downstream / upstream bandwidth', 'integer', unit, values);
const sla = (...levels) => characteristic('slaLevel', 'Service level: availability target and time to repair', 'string', undefined, levels);
const dataAllowance = (unit, ...values) => characteristic('dataAllowance', 'Data included per month', 'integer', unit, values);

const SPECS = {
  fibre: {
    name: 'Business Fibre Internet', productNumber: 'CON-FIB-01', description: 'FTTH/FTTB internet access with static IPv4 addresses.',
    productSpecCharacteristic: [
      bandwidth('Mbit/s', [100, true], [500], [1000]),
      sla(['Standard (next business day)', true], ['Premium (8 h repair)']),
      characteristic('staticIpv4Addresses', 'Static public IPv4 addresses', 'integer', 'address', [[1, true], [8]]),
    ],
  },
  sdwan: {
    name: 'Managed SD-WAN', productNumber: 'CON-SDW-01', description: 'Managed SD-WAN edge per site with central policy management.',
    productSpecCharacteristic: [
      bandwidth('Mbit/s', [100, true], [500], [1000]),
      characteristic('numberOfSites', 'Sites in the SD-WAN', 'integer', 'site', [[2, true], [5], [10], [25]]),
      sla(['Premium (8 h repair)', true], ['Gold (4 h repair, 99.95 %)']),
    ],
  },
  dia: {
    name: 'Dedicated Internet Access', productNumber: 'CON-DIA-01', description: 'Symmetric, uncontended fibre with a dedicated access line.',
    productSpecCharacteristic: [bandwidth('Gbit/s', [1, true], [10]), sla(['Gold (4 h repair, 99.95 %)', true], ['Platinum (2 h repair, 99.99 %)'])],
  },
  mobile: {
    name: 'Business Mobile Plan', productNumber: 'MOB-PLN-01', description: 'Voice, SMS and data with EU roaming for company phones.',
    productSpecCharacteristic: [
      dataAllowance('GB', [2], [5, true], [20], [50], ['unlimited']),
      characteristic('voiceMinutes', 'National and EU minutes per month', 'string', undefined, [['unlimited', true]]),
      characteristic('network', 'Radio access technology', 'string', undefined, [['5G', true], ['4G']]),
    ],
  },
  dataSim: {
    name: 'Data-only SIM', productNumber: 'MOB-DAT-01', description: 'Data SIM for laptops, tablets and routers.',
    productSpecCharacteristic: [dataAllowance('GB', [50, true], [100])],
  },
  iotSim: {
    name: 'IoT Connectivity', productNumber: 'IOT-SIM-01', description: 'Industrial SIMs whose data allowances are pooled across the fleet.',
    productSpecCharacteristic: [
      characteristic('pooledDataPerSim', 'Data each SIM adds to the shared pool per month', 'integer', 'MB', [[10, true], [500]]),
      characteristic('network', 'Radio access technology', 'string', undefined, [['LTE-M', true], ['NB-IoT'], ['4G']]),
    ],
  },
  fleet: {
    name: 'Fleet Tracking', productNumber: 'IOT-FLT-01', description: 'GPS tracking box, connectivity and web portal per vehicle.',
    productSpecCharacteristic: [characteristic('positionInterval', 'Position report interval', 'integer', 's', [[30], [60, true]])],
  },
  backup: {
    name: 'Cloud Backup', productNumber: 'CLD-BAK-01', description: 'Encrypted off-site backup in German data centres, billed per TB stored.',
    productSpecCharacteristic: [characteristic('retention', 'How long backups are kept', 'integer', 'day', [[30, true], [90], [365]])],
  },
  vm: {
    name: 'Virtual Server', productNumber: 'CLD-VPS-01', description: 'Virtual machine with SSD storage and daily snapshots.',
    productSpecCharacteristic: [
      characteristic('vCpu', 'Virtual CPU cores', 'integer', 'vCPU', [[2, true], [4], [8]]),
      characteristic('memory', 'RAM', 'integer', 'GB', [[4, true], [16], [32]]),
      characteristic('storage', 'SSD storage', 'integer', 'GB', [[80, true], [250], [500]]),
    ],
  },
  m365: {
    name: 'Microsoft 365 Business', brand: 'Microsoft', productNumber: 'CLD-M365-01', description: 'Microsoft 365 licences resold per user and month.',
    productSpecCharacteristic: [characteristic('edition', 'Licence edition', 'string', undefined, [['Business Basic', true], ['Business Standard'], ['Business Premium']])],
  },
  firewall: {
    name: 'Managed Firewall', productNumber: 'SEC-FW-01', description: 'Next-generation firewall operated by our security operations centre.',
    productSpecCharacteristic: [characteristic('throughput', 'Inspected throughput', 'integer', 'Gbit/s', [[1, true], [5]]), sla(['Premium (8 h repair)', true])],
  },
  ddos: {
    name: 'DDoS Protection', productNumber: 'SEC-DDOS-01', description: 'Always-on network DDoS detection and scrubbing.',
    productSpecCharacteristic: [characteristic('mitigationCapacity', 'Scrubbing capacity', 'integer', 'Gbit/s', [[10, true], [40]])],
  },
  endpoint: {
    name: 'Endpoint Security', productNumber: 'SEC-EPP-01', description: 'Managed antivirus and EDR, per protected device.',
    productSpecCharacteristic: [characteristic('platform', 'Protected operating systems', 'string', undefined, [['Windows/macOS', true], ['Windows/macOS/Linux/mobile']])],
  },
};
// Bundle specifications list the specifications they are made of; they are created after those.
const BUNDLE_SPECS = {
  officePack: { name: 'Office Starter Pack', productNumber: 'PCK-OFF-01', description: 'Fibre access, company phones and a managed firewall.', parts: ['fibre', 'mobile', 'firewall'] },
  secureBranch: { name: 'Secure Branch', productNumber: 'PCK-BRN-01', description: 'SD-WAN site with managed firewall and DDoS protection.', parts: ['sdwan', 'firewall', 'ddos'] },
};

// --- Prices. Discounts first: the price a discount alters lists it (`discountedBy`), so it must exist. -------

const DISCOUNTS = {
  fibreWelcome: { name: 'Fibre welcome discount 20 %', description: '20 % off the monthly fee for the first 12 months', percentage: 20, productOfferingTerm: [term(12)] },
  m365Annual: { name: 'Microsoft 365 annual commitment 5 %', description: '5 % off with a 12 month licence commitment', percentage: 5, productOfferingTerm: [term(12)] },
  packLoyalty: { name: 'Office Starter Pack loyalty discount', description: 'EUR 30 off per month with a 24 month commitment', price: eur(30), productOfferingTerm: [term(24)] },
};

/** `discountedBy` names a DISCOUNTS key; `per` is the unit a price counts (site, user, TB...). */
const monthly = (name, value, { per, discountedBy, lifecycleStatus } = {}) => ({
  name, priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 1, price: eur(value), tax: VAT,
  ...(per ? { unitOfMeasure: { amount: 1, units: per } } : {}), ...(discountedBy ? { discountedBy } : {}), ...(lifecycleStatus ? { lifecycleStatus } : {}),
});
const oneTime = (name, value) => ({ name, priceType: 'oneTime', price: eur(value), tax: VAT });
const usage = (name, value, units) => ({ name, priceType: 'usage', price: eur(value), unitOfMeasure: { amount: 1, units } });

const PRICES = {
  fibre100: monthly('Business Fibre 100 monthly fee', 49.9),
  fibre500: monthly('Business Fibre 500 monthly fee', 79.9, { discountedBy: 'fibreWelcome' }),
  fibre1000: monthly('Business Fibre 1000 monthly fee', 119, { discountedBy: 'fibreWelcome' }),
  fibreInstall: oneTime('Fibre installation', 99),
  sdwan: monthly('Managed SD-WAN fee per site', 189, { per: 'site' }),
  sdwanSetup: oneTime('SD-WAN site setup', 450),
  dia1: monthly('Dedicated Internet Access 1 Gbit/s monthly fee', 690),
  dia10: monthly('Dedicated Internet Access 10 Gbit/s monthly fee', 2490, { lifecycleStatus: 'In design' }),
  diaInstall: oneTime('Dedicated access line installation', 1500),
  mobileS: monthly('Business Mobile S monthly fee', 14.9),
  mobileM: monthly('Business Mobile M monthly fee', 24.9),
  mobileL: monthly('Business Mobile L monthly fee', 34.9),
  mobileUnlimited: monthly('Business Mobile Unlimited monthly fee', 49.9),
  mobileClassic: monthly('Business Mobile Classic monthly fee', 9.9, { lifecycleStatus: 'Retired' }),
  callsWorld: usage('Calls outside the EU, per minute', 0.19, 'minute'),
  simActivation: oneTime('SIM activation', 10),
  dataSim: monthly('Data SIM 50 GB monthly fee', 19.9),
  dataOverage: usage('Mobile data beyond the allowance, per GB', 2, 'GB'),
  iot10: monthly('IoT Pool 10 MB fee per SIM', 0.9, { per: 'SIM' }),
  iot500: monthly('IoT Pool 500 MB fee per SIM', 3.9, { per: 'SIM' }),
  iotOverage: usage('IoT data beyond the pool, per GB', 5, 'GB'),
  fleet: monthly('Fleet Tracking fee per vehicle', 12.9, { per: 'vehicle' }),
  fleetInstall: oneTime('Tracking box installation per vehicle', 79),
  backup: monthly('Cloud Backup fee per TB', 29, { per: 'TB' }),
  backupOverage: usage('Backup storage beyond the booked TB, per GB', 0.04, 'GB'),
  vmS: monthly('Virtual Server S monthly fee', 24.9),
  vmM: monthly('Virtual Server M monthly fee', 69.9),
  vmL: monthly('Virtual Server L monthly fee', 139, { lifecycleStatus: 'In design' }),
  vmTraffic: usage('Outbound traffic beyond 1 TB, per GB', 0.09, 'GB'),
  m365Basic: monthly('Microsoft 365 Business Basic per user', 5.6, { per: 'user', discountedBy: 'm365Annual' }),
  m365Standard: monthly('Microsoft 365 Business Standard per user', 11.7, { per: 'user', discountedBy: 'm365Annual' }),
  m365Premium: monthly('Microsoft 365 Business Premium per user', 20.6, { per: 'user', discountedBy: 'm365Annual' }),
  firewall: monthly('Managed Firewall monthly fee', 89),
  firewallSetup: oneTime('Firewall setup and policy onboarding', 249),
  ddos: monthly('DDoS Protection monthly fee', 390),
  endpoint: monthly('Endpoint Security per device', 4.5, { per: 'device' }),
  officePack: monthly('Office Starter Pack monthly fee', 249, { discountedBy: 'packLoyalty' }),
  officePackSetup: oneTime('Office Starter Pack installation (included)', 0),
  secureBranch: monthly('Secure Branch monthly fee per site', 590, { per: 'site' }),
  secureBranchSetup: oneTime('Secure Branch site setup', 990),
};

// --- Categories and offerings. ---------------------------------------------------------------------------

const FAMILIES = {
  connectivity: { name: 'Connectivity', description: 'Fixed internet access and corporate networks' },
  // the family key of a category is its name in lower case without non-alphanumerics: `mobile`, `iot`, `cloud` are
  // the families the default needs-based segments (IoT-heavy, Mobile fleet, Cloud-first) read
  mobile: { name: 'Mobile', description: 'Company phones and data SIMs' },
  iot: { name: 'IoT', description: 'Machine connectivity and tracking' },
  cloud: { name: 'Cloud', description: 'Backup, servers and productivity software' },
  security: { name: 'Security', description: 'Managed network and device security' },
  packs: { name: 'Packs', description: 'Bundles of the above at a package price' },
};

// Most offerings are Launched; `status` marks the few that are not. `use` restricts a characteristic of the
// specification to the values this offering sells ([name, value, unit]).
const ALL = ['web', 'direct', 'partner'];
const OFFERINGS = {
  fibre100: { name: 'Business Fibre 100', family: 'connectivity', spec: 'fibre', use: ['bandwidth', 100, 'Mbit/s'], prices: ['fibre100', 'fibreInstall'], segments: ['smb'], channels: ALL, terms: [12, 24] },
  fibre500: { name: 'Business Fibre 500', family: 'connectivity', spec: 'fibre', use: ['bandwidth', 500, 'Mbit/s'], prices: ['fibre500', 'fibreInstall', 'fibreWelcome'], segments: ['smb', 'dataHeavy'], channels: ALL, terms: [12, 24] },
  fibre1000: { name: 'Business Fibre 1 Gbit/s', family: 'connectivity', spec: 'fibre', use: ['bandwidth', 1000, 'Mbit/s'], prices: ['fibre1000', 'fibreInstall', 'fibreWelcome'], segments: ['smb', 'dataHeavy'], channels: ALL, terms: [24] },
  sdwan: { name: 'Managed SD-WAN', family: 'connectivity', spec: 'sdwan', prices: ['sdwan', 'sdwanSetup'], segments: ['enterprise'], channels: ['direct'], terms: [36] },
  dia1: { name: 'Dedicated Internet Access 1 Gbit/s', family: 'connectivity', spec: 'dia', use: ['bandwidth', 1, 'Gbit/s'], prices: ['dia1', 'diaInstall'], segments: ['enterprise', 'dataHeavy'], channels: ['direct'], terms: [36] },
  dia10: { name: 'Dedicated Internet Access 10 Gbit/s', family: 'connectivity', spec: 'dia', use: ['bandwidth', 10, 'Gbit/s'], prices: ['dia10', 'diaInstall'], segments: ['enterprise', 'dataHeavy'], channels: ['direct'], terms: [36], status: 'In design' },
  mobileS: { name: 'Business Mobile S (5 GB)', family: 'mobile', spec: 'mobile', use: ['dataAllowance', 5, 'GB'], prices: ['mobileS', 'simActivation', 'callsWorld', 'dataOverage'], segments: ['smb', 'mobileFleet'], channels: ALL, terms: [24] },
  mobileM: { name: 'Business Mobile M (20 GB)', family: 'mobile', spec: 'mobile', use: ['dataAllowance', 20, 'GB'], prices: ['mobileM', 'simActivation', 'callsWorld', 'dataOverage'], segments: ['smb', 'mobileFleet'], channels: ALL, terms: [24] },
  mobileL: { name: 'Business Mobile L (50 GB)', family: 'mobile', spec: 'mobile', use: ['dataAllowance', 50, 'GB'], prices: ['mobileL', 'simActivation', 'callsWorld', 'dataOverage'], segments: ['mobileFleet', 'dataHeavy'], channels: ALL, terms: [24] },
  mobileUnlimited: { name: 'Business Mobile Unlimited', family: 'mobile', spec: 'mobile', use: ['dataAllowance', 'unlimited'], prices: ['mobileUnlimited', 'simActivation', 'callsWorld'], segments: ['mobileFleet', 'dataHeavy', 'enterprise'], channels: ALL, terms: [24] },
  mobileClassic: { name: 'Business Mobile Classic (2 GB)', family: 'mobile', spec: 'mobile', use: ['dataAllowance', 2, 'GB'], prices: ['mobileClassic', 'callsWorld', 'dataOverage'], segments: ['smb'], channels: ['partner'], terms: [24], status: 'Retired', statusReason: 'Replaced by Business Mobile S', validFor: { ...FROM_2025, endDateTime: '2025-12-31T23:59:59Z' } },
  dataSim: { name: 'Data SIM 50 GB', family: 'mobile', spec: 'dataSim', use: ['dataAllowance', 50, 'GB'], prices: ['dataSim', 'simActivation', 'dataOverage'], segments: ['mobileFleet', 'dataHeavy'], channels: ALL, terms: [12] },
  iot10: { name: 'IoT Connectivity Pool 10 MB', family: 'iot', spec: 'iotSim', use: ['pooledDataPerSim', 10, 'MB'], prices: ['iot10', 'iotOverage'], segments: ['iot'], channels: ['direct', 'partner'], terms: [24] },
  iot500: { name: 'IoT Connectivity Pool 500 MB', family: 'iot', spec: 'iotSim', use: ['pooledDataPerSim', 500, 'MB'], prices: ['iot500', 'iotOverage'], segments: ['iot', 'dataHeavy'], channels: ['direct', 'partner'], terms: [24] },
  fleet: { name: 'Fleet Tracking', family: 'iot', spec: 'fleet', prices: ['fleet', 'fleetInstall'], segments: ['iot', 'mobileFleet'], channels: ['direct', 'partner'], terms: [36] },
  backup: { name: 'Cloud Backup (per TB)', family: 'cloud', spec: 'backup', prices: ['backup', 'backupOverage'], segments: ['smb', 'security'], channels: ALL, terms: [12] },
  vmS: { name: 'Virtual Server S (2 vCPU, 4 GB)', family: 'cloud', spec: 'vm', use: ['vCpu', 2, 'vCPU'], prices: ['vmS', 'vmTraffic'], segments: ['smb'], channels: ['web'], terms: [] },
  vmM: { name: 'Virtual Server M (4 vCPU, 16 GB)', family: 'cloud', spec: 'vm', use: ['vCpu', 4, 'vCPU'], prices: ['vmM', 'vmTraffic'], segments: ['smb', 'enterprise'], channels: ['web', 'direct'], terms: [] },
  vmL: { name: 'Virtual Server L (8 vCPU, 32 GB)', family: 'cloud', spec: 'vm', use: ['vCpu', 8, 'vCPU'], prices: ['vmL', 'vmTraffic'], segments: ['enterprise'], channels: ['direct'], terms: [12], status: 'In design' },
  m365Basic: { name: 'Microsoft 365 Business Basic', family: 'cloud', spec: 'm365', use: ['edition', 'Business Basic'], prices: ['m365Basic', 'm365Annual'], segments: ['smb'], channels: ALL, terms: [1, 12] },
  m365Standard: { name: 'Microsoft 365 Business Standard', family: 'cloud', spec: 'm365', use: ['edition', 'Business Standard'], prices: ['m365Standard', 'm365Annual'], segments: ['smb', 'enterprise'], channels: ALL, terms: [1, 12] },
  m365Premium: { name: 'Microsoft 365 Business Premium', family: 'cloud', spec: 'm365', use: ['edition', 'Business Premium'], prices: ['m365Premium', 'm365Annual'], segments: ['enterprise', 'security'], channels: ALL, terms: [1, 12] },
  firewall: { name: 'Managed Firewall', family: 'security', spec: 'firewall', prices: ['firewall', 'firewallSetup'], segments: ['smb', 'security'], channels: ALL, terms: [24] },
  ddos: { name: 'DDoS Protection', family: 'security', spec: 'ddos', prices: ['ddos'], segments: ['enterprise', 'security'], channels: ['direct'], terms: [12] },
  endpoint: { name: 'Endpoint Security (per device)', family: 'security', spec: 'endpoint', prices: ['endpoint'], segments: ['smb', 'security'], channels: ALL, terms: [12] },
};
// Bundles refer to offerings above: [offering key, default count, lower limit, upper limit].
const BUNDLES = {
  officePack: {
    name: 'Office Starter Pack', description: 'Business Fibre 500, five Business Mobile M plans and a managed firewall for a small office.',
    family: 'packs', spec: 'officePack', prices: ['officePack', 'officePackSetup', 'packLoyalty'], segments: ['smb'], channels: ALL, terms: [24],
    parts: [['fibre500', 1, 1, 1], ['mobileM', 5, 1, 20], ['firewall', 1, 1, 1]],
  },
  secureBranch: {
    name: 'Secure Branch', description: 'Managed SD-WAN site protected by a managed firewall and DDoS protection.',
    family: 'packs', spec: 'secureBranch', prices: ['secureBranch', 'secureBranchSetup'], segments: ['enterprise', 'security'], channels: ['direct'], terms: [36],
    parts: [['sdwan', 1, 1, 1], ['firewall', 1, 1, 1], ['ddos', 1, 0, 1]],
  },
};

// --- Loading. -------------------------------------------------------------------------------------------

async function send(method, url, body, contentType = 'application/json') {
  const res = await fetch(url, { method, headers: { 'Content-Type': contentType }, body: JSON.stringify(body) });
  const expected = method === 'POST' ? 201 : 200;
  if (res.status !== expected) throw new Error(`demo catalog: ${method} ${url} refused: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Loads the demo catalog through the TMF620 API at `apiBase` (…/productCatalogManagement/v4) unless it already
 * has product offerings. Returns the number of resources created per collection, or null when it skipped.
 */
export async function loadDemoCatalog(apiBase, log) {
  const existing = await fetch(`${apiBase}/productOffering?limit=0`);
  if (!existing.ok) throw new Error(`demo catalog: GET productOffering refused: ${existing.status} ${await existing.text()}`);
  if (Number(existing.headers.get('x-total-count')) !== 0) return null;

  const counts = { productSpecification: 0, productOfferingPrice: 0, category: 0, productOffering: 0, catalog: 0 };
  const create = async (collection, body) => {
    const created = await send('POST', `${apiBase}/${collection}`, body);
    counts[collection] += 1;
    return created;
  };
  // Each map below goes from a key of the tables above to the created resource.
  const refs = (keys, created) => keys.map((k) => ref(created[k]));
  const launched = { lifecycleStatus: 'Launched', validFor: FROM_2025 };

  const specs = {};
  for (const [key, spec] of Object.entries(SPECS)) specs[key] = await create('productSpecification', { brand: BRAND, ...spec, ...launched });
  for (const [key, { parts, ...spec }] of Object.entries(BUNDLE_SPECS)) {
    specs[key] = await create('productSpecification', { brand: BRAND, ...spec, isBundle: true, bundledProductSpecification: refs(parts, specs), ...launched });
  }

  const prices = {};
  for (const [key, discount] of Object.entries(DISCOUNTS)) prices[key] = await create('productOfferingPrice', { ...launched, ...discount, priceType: 'discount' });
  for (const [key, { discountedBy, ...price }] of Object.entries(PRICES)) {
    const popRelationship = discountedBy ? [{ ...ref(prices[discountedBy]), relationshipType: 'discountedBy' }] : undefined;
    prices[key] = await create('productOfferingPrice', { ...launched, ...price, popRelationship });
  }

  // The root first; families point to it with parentId. The lists of children are added once they exist.
  const root = await create('category', { name: 'Business', description: 'All products for business customers', isRoot: true, ...launched });
  const families = {};
  for (const [key, family] of Object.entries(FAMILIES)) families[key] = await create('category', { ...family, isRoot: false, parentId: root.id, ...launched });

  const offeringBody = (o) => ({
    name: o.name,
    ...(o.description ? { description: o.description } : {}),
    isSellable: true,
    lifecycleStatus: o.status ?? 'Launched',
    ...(o.statusReason ? { statusReason: o.statusReason } : {}),
    validFor: o.validFor ?? FROM_2025,
    productSpecification: ref(specs[o.spec]),
    productOfferingPrice: refs(o.prices, prices),
    category: [ref(families[o.family])],
    channel: o.channels.map((c) => CHANNELS[c]),
    marketSegment: o.segments.map((s) => SEGMENTS[s]),
    productOfferingTerm: o.terms.map((months) => (months === 1 ? { name: 'Monthly', description: 'Cancellable every month', duration: { amount: 1, units: 'month' } } : term(months))),
    ...(o.use ? { prodSpecCharValueUse: [charValueUse(o.use, specs[o.spec])] } : {}),
  });
  const offerings = {};
  for (const [key, o] of Object.entries(OFFERINGS)) offerings[key] = await create('productOffering', offeringBody({ ...o, description: o.description ?? specs[o.spec].description }));
  for (const [key, { parts, ...b }] of Object.entries(BUNDLES)) {
    const bundledProductOffering = parts.map(([k, numberRelOfferDefault, numberRelOfferLowerLimit, numberRelOfferUpperLimit]) => ({
      ...ref(offerings[k]),
      bundledProductOfferingOption: { numberRelOfferDefault, numberRelOfferLowerLimit, numberRelOfferUpperLimit },
    }));
    offerings[key] = await create('productOffering', { ...offeringBody(b), isBundle: true, bundledProductOffering });
  }

  // Now that everything exists, categories list their children (merge patch replaces the arrays).
  const mergePatch = (url, body) => send('PATCH', url, body, 'application/merge-patch+json');
  await mergePatch(`${apiBase}/category/${root.id}`, { subCategory: Object.values(families).map(ref) });
  for (const [key, family] of Object.entries(families)) {
    const members = Object.entries({ ...OFFERINGS, ...BUNDLES }).filter(([, o]) => o.family === key).map(([k]) => ref(offerings[k]));
    await mergePatch(`${apiBase}/category/${family.id}`, { productOffering: members });
  }

  await create('catalog', {
    name: 'B2B Catalog 2026', description: 'Products for business customers, 2026 edition', catalogType: 'productCatalog', version: '2026.1',
    category: [ref(root)], ...launched,
  });
  log(`loaded the demo catalog: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}`);
  return counts;
}

/** A ProductSpecificationCharacteristicValueUse restricting one characteristic of `spec` to one value. */
function charValueUse([name, value, unitOfMeasure], spec) {
  const char = spec.productSpecCharacteristic.find((c) => c.name === name);
  return {
    name,
    valueType: char.valueType,
    productSpecCharacteristicValue: [{ value, isDefault: true, valueType: typeof value === 'number' ? char.valueType : 'string', ...(unitOfMeasure ? { unitOfMeasure } : {}) }],
    productSpecification: ref(spec),
  };
}
function ref(resource) {
  return { id: resource.id, name: resource.name };
}
