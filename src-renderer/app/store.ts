/** The Redux store: app state that is not in Dexie (session, connectivity, sync status). */
import { combineReducers, configureStore } from '@reduxjs/toolkit';
import catalogSync from '../features/catalog/catalogSlice';
import connectivity from './connectivitySlice';
import type { AppServices } from './services';
import session from './sessionSlice';

export const rootReducer = combineReducers({ session, connectivity, catalogSync });
export type RootState = ReturnType<typeof rootReducer>;

export function createAppStore(services: AppServices) {
  return configureStore({
    reducer: rootReducer,
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: services } }),
  });
}

export type AppStore = ReturnType<typeof createAppStore>;
export type AppDispatch = AppStore['dispatch'];
