export { classifyAddress, type AddressClass, type AddressRange } from './classify-address.js';
