// The app's sign-in and setup addresses, apart from the guards so pages the guards render can link to them.
export const SIGN_IN_PATH = '/sign-in'
export const SETUP_PATH = '/setup'
