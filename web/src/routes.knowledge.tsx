/** Screens of the knowledge base (知识库): the centre, an article, the editor, the review queue; and the residents' FAQ. */
import { AuditOutlined, BookOutlined, ReadOutlined } from '@ant-design/icons';
import { screen, STAFF_ONLY, type MenuGroup, type RouteDef } from './routeKit';
import { ROLES, type Role } from './api';

const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'resident');

export const KNOWLEDGE_GROUPS: readonly MenuGroup[] = [{ id: 'knowledge', titleKey: 'knowledge.nav.group', icon: <BookOutlined /> }];

export const KNOWLEDGE_ROUTES: readonly RouteDef[] = [
  {
    id: 'knowledge',
    path: '/knowledge',
    titleKey: 'knowledge.nav.centre',
    icon: <ReadOutlined />,
    permissions: ['knowledge.read'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'knowledge' },
    ...screen(() => import('./pages/knowledge/KnowledgePage')),
  },
  {
    id: 'knowledge.review',
    path: '/knowledge/review',
    titleKey: 'knowledge.nav.review',
    icon: <AuditOutlined />,
    permissions: ['knowledge.write'],
    excludeRoles: STAFF_ONLY,
    menu: { group: 'knowledge' },
    ...screen(() => import('./pages/knowledge/ReviewPage')),
  },
  {
    id: 'knowledge.new',
    path: '/knowledge/new',
    titleKey: 'knowledge.nav.new',
    permissions: ['knowledge.write'],
    excludeRoles: STAFF_ONLY,
    menu: null,
    menuParent: 'knowledge',
    ...screen(() => import('./pages/knowledge/EditArticlePage')),
  },
  {
    id: 'knowledge.article',
    path: '/knowledge/articles/:id',
    titleKey: 'knowledge.nav.article',
    permissions: ['knowledge.read'],
    excludeRoles: STAFF_ONLY,
    menu: null,
    menuParent: 'knowledge',
    ...screen(() => import('./pages/knowledge/ArticlePage')),
  },
  {
    id: 'knowledge.edit',
    path: '/knowledge/articles/:id/edit',
    titleKey: 'knowledge.nav.edit',
    permissions: ['knowledge.write'],
    excludeRoles: STAFF_ONLY,
    menu: null,
    menuParent: 'knowledge',
    ...screen(() => import('./pages/knowledge/EditArticlePage')),
  },
  {
    // Residents hold no knowledge permission: the FAQ routes of the API check resident visibility themselves.
    id: 'portal.faq',
    path: '/portal/faq',
    titleKey: 'knowledge.nav.faq',
    excludeRoles: STAFF_ROLES,
    menu: null,
    menuParent: 'portal',
    bare: true,
    ...screen(() => import('./pages/portal/PortalFaqPage')),
  },
];
