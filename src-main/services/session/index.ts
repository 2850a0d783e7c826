/** The clerk's login session and the province root this installation trusts. */
export { LoginService, demoLoginStatus, type LoginServiceOptions } from './login-service';
export { OnlineChecks } from './online-checks';
export { resolveProvinceRoot, PROVINCE_ROOT_FILE, type ProvinceRootPaths } from './province-root';
